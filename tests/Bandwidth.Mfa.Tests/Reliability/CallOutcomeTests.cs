using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Reliability;

/// <summary>
/// How a call ends on the paths a review of the redesign found wrong: "may have reached the server" over every attempt,
/// the caller's cancellation while a body stalls, a handler's own exception, the log level of an unusable answer, a
/// missing default, a timeout during the 401 refresh, dot segments in a path, the shared empty headers, a reset mid-body,
/// and credentials on requests the client did not make.
/// </summary>
public class CallOutcomeTests
{
    private static MfaOptions Options(MfaRetryOptions? retry = null, TimeSpan? timeout = null)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "token-abcdef", Retry = retry, Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        if (timeout is { } t)
        {
            options.Timeout = t;
        }

        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        return options;
    }

    private static HttpRequestException Refused() =>
        TransportFailures.ConnectionError("Connection refused (mfa.bandwidth.com:443)", new SocketException((int)SocketError.ConnectionRefused));

    private static HttpResponseMessage Json(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    // "May have reached the server" is decided over every attempt, not from the last one only.
    [Test]
    public async Task A_send_retried_after_a_502_then_refused_still_may_have_reached_the_server()
    {
        var time = new TimerCountingTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var attempts = 0;
        var primary = new CallbackHandler((_, _) => Interlocked.Increment(ref attempts) == 1
            ? Task.FromResult(Json(502, "<html>Bad Gateway</html>"))
            : Task.FromException<HttpResponseMessage>(Refused()));
        using var service = MfaService.Create(Options(new MfaRetryOptions { MaxRetryAttempts = 1, RetrySendsOnServerErrors = true }), primary, timeProvider: time);

        var call = service.SendSmsCodeAsync(Requests.To);
        await time.WhenTimersCreated(1);
        time.Advance(TimeSpan.FromSeconds(10));
        var ex = await Assert.ThrowsAsync<MfaTransportException>(async () => await call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(attempts, Is.EqualTo(2));
        // The 502 attempt may have texted the user; the exception says "could not connect; nothing was sent".
        Assert.That(ex!.RequestMayHaveReachedServer, Is.True, ex.Message);
    }

    [Test]
    public async Task A_send_retried_after_a_502_then_a_500_still_may_have_reached_the_server()
    {
        var time = new TimerCountingTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var attempts = 0;
        var primary = new CallbackHandler((_, _) => Task.FromResult(Interlocked.Increment(ref attempts) == 1
            ? Json(502, "<html>Bad Gateway</html>")
            : Json(500, "{\"error\":\"Internal\",\"requestId\":\"r-2\"}")));
        using var service = MfaService.Create(Options(new MfaRetryOptions { MaxRetryAttempts = 1, RetrySendsOnServerErrors = true }), primary, timeProvider: time);

        var call = service.SendSmsCodeAsync(Requests.To);
        await time.WhenTimersCreated(1);
        time.Advance(TimeSpan.FromSeconds(10));
        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(async () => await call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(attempts, Is.EqualTo(2));
        Assert.That(ex!.RequestMayHaveReachedServer, Is.True, "the first attempt was a 502, which may hide a delivered code");
    }

    // a caller's cancellation while the body arrives waits for the read to observe it; a stream that ignores the
    // token (HttpClientHandler on .NET Framework for the netstandard2.0 build, any custom primary handler) hangs the call
    // forever, past the caller's token and past MfaOptions.Timeout (the body timer is cancelled along with it).
    [Test]
    public async Task The_callers_cancellation_while_the_body_stalls_ends_the_call_even_if_the_stream_ignores_it()
    {
        var stalled = new StalledStream();
        var primary = new CallbackHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(stalled) };
            response.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(response);
        });
        using var service = MfaService.Create(Options(timeout: TimeSpan.FromSeconds(2)), primary);
        using var cts = new CancellationTokenSource();

        var call = service.SendSmsCodeAsync(Requests.To, cancellationToken: cts.Token);
        await stalled.ReadStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();

        // Bounded only so that a regression fails instead of hanging the run: the call ends as soon as the token is cancelled.
        Assert.That(async () => await call.WaitAsync(TimeSpan.FromSeconds(30)), Throws.InstanceOf<OperationCanceledException>());
    }

    // an exception of a handler added through the returned IHttpClientBuilder (README invites "your own handlers"
    // and resilience) leaves the MfaException family: README says "Every failure of a call is an MfaException".
    [Test]
    public async Task A_handlers_own_exception_stays_in_the_family()
    {
        var primary = new CallbackHandler((_, _) => throw new InvalidOperationException("circuit open"));
        using var service = MfaService.Create(Options(), primary);

        var ex = await Assert.CatchAsync(() => service.SendSmsCodeAsync(Requests.To));
        Assert.That(ex, Is.InstanceOf<MfaException>(), ex!.GetType().FullName);
    }

    // a success status whose body is unusable fails the call, but the one log line is 1100 CallCompleted at Debug.
    [Test]
    public async Task An_unusable_success_body_is_logged_as_a_failure_not_as_completed()
    {
        using var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var primary = new CallbackHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>gateway</html>", Encoding.UTF8, "text/html") }));
        using var service = MfaService.Create(Options(), primary, factory);

        await Assert.ThrowsAsync<MfaInvalidResponseException>(() => service.SendSmsCodeAsync(Requests.To));
        var line = logs.For("Bandwidth.Mfa").Single();
        Assert.That(line.Level, Is.GreaterThanOrEqualTo(LogLevel.Warning), line.ToString());
    }

    // the short calls throw synchronously (not a faulted task) for missing options, unlike the pipeline's validation.
    [Test]
    public async Task A_missing_default_is_a_faulted_task_like_every_other_refusal()
    {
        var options = Options();
        options.Messaging.From = null;
        options.Messaging.ApplicationId = null;
        options.RequireChannelDefaults = false;
        using var service = MfaService.Create(options, new CallbackHandler((_, _) => Task.FromResult(Json(200, "{}"))));

        Task? task = null;
        Assert.DoesNotThrow(() => task = service.SendSmsCodeAsync(Requests.To), "throws synchronously from the Task-returning method");
        await Assert.ThrowsAsync<MfaConfigurationException>(() => task!);
    }

    // the time runs out while the 401 refresh fetches a new token: README says MfaTimeoutException is false "when the
    // time ran out before sending (while fetching an OAuth2 token)", and the only request that reached the API was refused.
    [Test]
    public async Task A_timeout_while_refreshing_the_token_after_a_401_says_nothing_was_acted_on()
    {
        var tokens = 0;
        var apiCalls = 0;
        var primary = new CallbackHandler(async (request, token) =>
        {
            if (request.RequestUri!.AbsoluteUri == TokenEndpoint.Url)
            {
                if (Interlocked.Increment(ref tokens) == 1)
                {
                    return Json(200, "{\"access_token\":\"tok-1-abcdef\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
                }

                await Task.Delay(Timeout.Infinite, token); // the token endpoint hangs
            }

            return Interlocked.Increment(ref apiCalls) == 1
                ? Json(200, "{\"messageId\":\"m-1\"}")
                : Json(401, "{\"message\":\"Unauthorized\"}");
        });
        var options = Options(timeout: TimeSpan.FromSeconds(1));
        options.AccessToken = null;
        options.ClientId = "client-id";
        options.ClientSecret = "client-secret-123";
        options.TokenUrl = new Uri(TokenEndpoint.Url);
        using var service = MfaService.Create(options, primary);
        await service.SendSmsCodeAsync(Requests.To); // caches tok-1

        var ex = await Assert.ThrowsAsync<MfaTimeoutException>(() => service.SendSmsCodeAsync(Requests.To));

        Assert.That(apiCalls, Is.EqualTo(2));
        Assert.That(ex!.RequestMayHaveReachedServer, Is.False, ex.Message);
    }

    // a path parameter is "escaped as one segment", but "." and ".." survive Uri.EscapeDataString and are removed as dot
    // segments by new Uri(base, path): the call goes to another path of the API (here POST /api/v1/code/messaging).
    [TestCase("..")]
    [TestCase(".")]
    public async Task A_dot_segment_account_id_is_refused_before_it_can_change_the_path(string accountId)
    {
        string? sentPath = null;
        var primary = new CallbackHandler((request, _) =>
        {
            sentPath = request.RequestUri!.AbsolutePath;
            return Task.FromResult(Json(200, "{\"messageId\":\"m-1\"}"));
        });
        using var service = MfaService.Create(Options(), primary);

        var ex = await Assert.ThrowsAsync<MfaRequestValidationException>(() => service.Client.GenerateMessagingCodeAsync(accountId, Requests.Code()));

        Assert.That(ex!.Field, Is.EqualTo("accountId"));
        Assert.That(sentPath, Is.Null, "nothing was sent");
    }

    // MfaHeaders.Empty is one static Dictionary handed out as every empty Headers: a cast mutates it process-wide.
    [Test]
    public void The_shared_empty_headers_cannot_be_changed()
    {
        var first = new MfaApiException("verifyCode", 429);
        if (first.Headers is System.Collections.Generic.IDictionary<string, System.Collections.Generic.IEnumerable<string>> writable)
        {
            Assert.Throws<NotSupportedException>(() => writable["X-Leak"] = new[] { "from another call" });
        }

        Assert.That(new MfaApiException("verifyCode", 500).Headers, Is.Empty);
    }

    // a reset while the body arrives: the status line did arrive (MfaTimeoutException keeps it in the same spot), but
    // MfaTransportException.Status is null, though README says every exception carries Status "if an answer arrived".
    [Test]
    public async Task A_reset_while_the_body_arrives_keeps_the_status()
    {
        var primary = new CallbackHandler((_, _) =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StreamContent(new ResettingStream()) };
            return Task.FromResult(response);
        });
        using var service = MfaService.Create(Options(), primary);

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => service.SendSmsCodeAsync(Requests.To));
        Assert.That(ex!.Status, Is.EqualTo(400));
    }

    private sealed class ResettingStream : Stream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromException<int>(new IOException("Connection reset by peer"));
#if NETCOREAPP
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<int>(new IOException("Connection reset by peer"));
#endif
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Connection reset by peer");
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // the named client "Bandwidth.Mfa" (a public const) puts the MFA credentials on any https request, to any host:
    // the authentication handlers never check that the request is a call of the client or goes to BaseUrl's origin.
    [Test]
    public async Task Credentials_are_only_added_to_the_clients_own_calls()
    {
        string? authorization = null;
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.MfaServiceCollectionExtensions.AddBandwidthMfa(services, o =>
        {
            o.BaseUrl = new Uri(MockMfa.BaseUrl);
            o.AccountId = MockMfa.AccountId;
            o.Messaging.From = Requests.From;
            o.Messaging.ApplicationId = Requests.ApplicationId;
            o.Username = "user";
            o.Password = "secret-password";
        }).ConfigurePrimaryHttpMessageHandler(() => new CallbackHandler((request, _) =>
        {
            authorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IHttpClientFactory>(provider);

        using var http = factory.CreateClient(Microsoft.Extensions.DependencyInjection.MfaServiceCollectionExtensions.HttpClientName);
        // Another host entirely (never contacted: the primary handler above answers everything).
        await Assert.ThrowsAsync<InvalidOperationException>(() => http.GetAsync("https://api.bandwidth.com/api/v1/collect"));

        Assert.That(authorization, Is.Null, "no request left with the Basic credentials");
    }

    private sealed class StalledStream : Stream
    {
        public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private readonly TaskCompletionSource<int> _never = new();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            ReadStarted.TrySetResult();
            return _never.Task; // ignores the token, as a pre-.NET Core network stream does
        }

#if NETCOREAPP
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            ReadStarted.TrySetResult();
            return new ValueTask<int>(_never.Task);
        }
#endif

        protected override void Dispose(bool disposing)
        {
            _never.TrySetException(new IOException("disposed"));
            base.Dispose(disposing);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
