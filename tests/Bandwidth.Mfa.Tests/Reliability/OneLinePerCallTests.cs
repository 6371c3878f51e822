using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Reliability;

/// <summary>Every way out of <see cref="MfaHttpPipeline.SendAsync"/> writes exactly one line, with the event id of what happened.</summary>
public class OneLinePerCallTests
{
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public void SetUp()
    {
        _logs = new CapturingLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
    }

    [TearDown]
    public void TearDown() => _loggerFactory.Dispose();

    private MfaService Create(HttpMessageHandler primary, TimeSpan? timeout = null) => MfaService.Create(new MfaOptions
    {
        BaseUrl = new Uri(MockMfa.BaseUrl),
        AccountId = MockMfa.AccountId,
        AccessToken = "t",
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
        Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
    }, primary, _loggerFactory);

    private CapturingLoggerProvider.LogLine OnlyLine(EventId expected)
    {
        var lines = _logs.For(LogEventIds.Category).ToArray();
        Assert.That(lines.Select(l => l.EventId.Id), Is.EqualTo(new[] { expected.Id }), () => string.Join(" | ", lines.Select(l => l.ToString())));
        return lines[0];
    }

    [Test]
    public async Task An_answer_writes_call_completed()
    {
        using var service = Create(new Scripted((_, _) => Task.FromResult(Ok("{\"valid\":true}"))));

        await service.VerifyCodeAsync(Requests.To, "123456");

        OnlyLine(LogEventIds.CallCompleted);
    }

    [Test]
    public async Task A_timeout_before_the_answer_writes_call_failed()
    {
        using var service = Create(new Scripted(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Ok("{}");
        }), TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAsync<MfaTimeoutException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("(timeout)"));
    }

    [Test]
    public async Task The_callers_cancellation_before_the_answer_writes_call_cancelled()
    {
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = Create(new Scripted(async (_, ct) =>
        {
            sent.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return Ok("{}");
        }));
        using var cts = new CancellationTokenSource();

        var call = service.VerifyCodeAsync(Requests.To, "123456", cancellationToken: cts.Token);
        await sent.Task;
        cts.Cancel();

        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => call);
        OnlyLine(LogEventIds.CallCancelled);
    }

    [Test]
    public async Task A_transport_failure_writes_call_failed()
    {
        using var service = Create(new Scripted((_, _) => throw new HttpRequestException("reset")));

        await Assert.ThrowsAsync<MfaTransportException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("(transport)"));
    }

    [Test]
    public async Task A_token_that_cannot_be_had_writes_call_failed_once()
    {
        var handler = new MockHttpMessageHandler();
        handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(HttpStatusCode.Unauthorized, "application/json", "{\"error\":\"invalid_client\"}");
        var apiCalls = 0;
        handler.When("*").Respond(_ =>
        {
            Interlocked.Increment(ref apiCalls);
            return Ok("{\"valid\":true}");
        });
        using var service = MfaService.Create(new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            ClientId = "c",
            ClientSecret = "s",
            TokenUrl = new Uri(TokenEndpoint.Url),
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        }, handler, _loggerFactory);

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        var line = OnlyLine(LogEventIds.CallFailed);
        Assert.That(line.Message, Does.Contain("MfaAuthenticationException").And.Contain("request may have reached the server: False"));
        Assert.That(ex!.RequestMayHaveReachedServer, Is.False);
        Assert.That(apiCalls, Is.Zero);
    }

    [Test]
    public async Task Any_other_exception_of_a_handler_writes_call_failed_and_stays_in_the_family()
    {
        using var service = Create(new Scripted((_, _) => throw new FormatException("not a header value")));

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.InnerException, Is.TypeOf<FormatException>());

        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("(FormatException)"));
    }

    [Test]
    public async Task A_redirect_writes_call_failed_once()
    {
        using var service = Create(new Scripted((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.TemporaryRedirect)
        {
            Headers = { Location = new Uri("https://api.bandwidth.com/api") },
        })));

        var ex = await Assert.ThrowsAsync<MfaRedirectException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.RedirectOrigin, Is.EqualTo("https://api.bandwidth.com:443"));
        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("(redirect, HTTP 307)"));
    }

    [Test]
    public async Task A_handler_that_followed_a_redirect_is_caught_even_when_it_rewrote_the_method()
    {
        using var service = Create(new Scripted((request, _) =>
        {
            // What a redirect-following handler does on a 302: the request becomes a GET to the new place.
            request.Method = HttpMethod.Get;
            request.RequestUri = new Uri("https://api.bandwidth.com/ok");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request, Content = new StringContent("{\"valid\":true}") });
        }));

        var ex = await Assert.ThrowsAsync<MfaRedirectException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.WasFollowed, Is.True);
        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("redirect followed by the HTTP handler, HTTP 200"));
    }

    [Test]
    public async Task A_timeout_while_the_body_arrives_writes_call_failed()
    {
        using var service = Create(new Scripted((_, _) => Task.FromResult(Body(new BodyStream(BodyStream.Behaviour.Stall)))), TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAsync<MfaTimeoutException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("timeout reading the body"));
    }

    [Test]
    public async Task The_callers_cancellation_while_the_body_arrives_writes_call_cancelled()
    {
        var stream = new BodyStream(BodyStream.Behaviour.Stall);
        using var service = Create(new Scripted((_, _) => Task.FromResult(Body(stream))));
        using var cts = new CancellationTokenSource();

        var call = service.VerifyCodeAsync(Requests.To, "123456", cancellationToken: cts.Token);
        await stream.Reading;
        cts.Cancel();

        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => call);
        OnlyLine(LogEventIds.CallCancelled);
    }

    [Test]
    public async Task A_body_that_breaks_writes_call_failed()
    {
        using var service = Create(new Scripted((_, _) => Task.FromResult(Body(new BodyStream(BodyStream.Behaviour.Break)))));

        await Assert.ThrowsAsync<MfaTransportException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("transport while reading the body, HTTP 200"));
    }

    [Test]
    public async Task A_body_that_cancels_itself_writes_call_failed_as_a_timeout()
    {
        using var service = Create(new Scripted((_, _) => Task.FromResult(Body(new BodyStream(BodyStream.Behaviour.CancelItself)))));

        await Assert.ThrowsAsync<MfaTimeoutException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        OnlyLine(LogEventIds.CallFailed);
    }

    [Test]
    public async Task A_body_that_throws_anything_else_writes_call_failed_and_stays_in_the_family()
    {
        using var service = Create(new Scripted((_, _) => Task.FromResult(Body(new BodyStream(BodyStream.Behaviour.Odd)))));

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(ex.Status, Is.EqualTo(200), "the status line had arrived");

        Assert.That(OnlyLine(LogEventIds.CallFailed).Message, Does.Contain("InvalidOperationException while reading the body"));
    }

    [Test]
    public async Task A_success_body_over_the_cap_writes_call_failed_once()
    {
        using var service = Create(new Scripted((_, _) => Task.FromResult(Ok(new string(' ', 70 * 1024) + "{\"valid\":true}"))));

        await Assert.ThrowsAsync<MfaInvalidResponseException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(OnlyLine(LogEventIds.CallFailed).Level, Is.EqualTo(Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    private static HttpResponseMessage Ok(string json) => new(HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Body(Stream stream) => new(HttpStatusCode.OK) { Content = new StreamContent(stream) };

    private sealed class Scripted(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => answer(request, cancellationToken);
    }

    /// <summary>A body that stalls until cancelled, breaks, cancels itself or throws something odd, on its first read.</summary>
    private sealed class BodyStream(BodyStream.Behaviour behaviour) : Stream
    {
        private readonly TaskCompletionSource _reading = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public enum Behaviour
        {
            Stall,
            Break,
            CancelItself,
            Odd,
        }

        public Task Reading => _reading.Task;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // .NET Framework's Stream has no Memory overload to override: there the one above reads through this one.
#if NETCOREAPP
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
#else
        private async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
#endif
        {
            _reading.TrySetResult();
            await Task.Yield();
            switch (behaviour)
            {
                case Behaviour.Break:
                    throw new IOException("connection reset");
                case Behaviour.CancelItself:
                    throw new OperationCanceledException("the stream gave up");
                case Behaviour.Odd:
                    throw new InvalidOperationException("odd");
                default:
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return 0;
            }
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
