using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Reliability;

public class TransportAndTimeoutTests
{
    [Test]
    public async Task A_refused_connection_is_a_transport_exception_that_sent_nothing()
    {
        var port = FreeLoopbackPort();
        var client = TestClients.Over(new HttpClientHandler(), $"http://127.0.0.1:{port}/api/v1/");

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code()));

        Assert.That(ex!.RequestMayHaveReachedServer, Is.False);
        Assert.That(ex.Operation, Is.EqualTo("generateMessagingCode"));
        Assert.That(ex.Status, Is.Null);
        Assert.That(ex.Message, Does.Contain("nothing was sent"));
    }

    [Test]
    public async Task A_connection_reset_after_the_request_is_a_transport_exception_that_may_have_reached_the_server()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        using var stopListener = Stopping(listener);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            using var socket = await listener.AcceptSocketAsync();
            var buffer = new byte[8192];
            await socket.ReceiveAsync(buffer, SocketFlags.None); // read (part of) the request, then reset
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        });
        var client = TestClients.Over(new HttpClientHandler(), $"http://127.0.0.1:{port}/api/v1/");

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => client.GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code()));

        Assert.That(ex!.RequestMayHaveReachedServer, Is.True);
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
        await server.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task An_http_client_timeout_is_a_timeout_exception_not_a_cancellation()
    {
        var silent = new SilentServer();
        var client = TestClients.Over(silent, timeout: TimeSpan.FromMilliseconds(200));

        var ex = await Assert.ThrowsAsync<MfaTimeoutException>(() => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()));

        Assert.That(ex, Is.Not.InstanceOf<OperationCanceledException>());
        Assert.That(ex!.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(200)));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(ex.Operation, Is.EqualTo("verifyCode"));
    }

    [Test]
    public async Task The_callers_own_cancellation_stays_an_operation_canceled_exception()
    {
        var silent = new SilentServer();
        var client = TestClients.Over(silent, timeout: TimeSpan.FromSeconds(30));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var ex = await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(),
            () => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify(), cts.Token));

        Assert.That(ex, Is.Not.InstanceOf<MfaException>().And.Not.Null);
    }

    [Test]
    public async Task The_timeout_from_options_applies_to_clients_built_without_di()
    {
        var silent = new SilentServer();
        using var service = MfaService.Create(new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            AccessToken = "t",
            Timeout = TimeSpan.FromMilliseconds(150),
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        }, silent);

        var ex = await Assert.ThrowsAsync<MfaTimeoutException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.Timeout, Is.EqualTo(TimeSpan.FromMilliseconds(150)));
    }

    /// <summary>A server that never answers: each request waits until it is cancelled.</summary>
    private sealed class SilentServer : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    [Test]
    public async Task A_body_that_stalls_after_the_headers_times_out_within_the_same_timeout()
    {
        var stalling = new StallingBodyServer();
        var client = TestClients.Over(stalling, timeout: TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<MfaTimeoutException>(() => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(ex!.RequestMayHaveReachedServer, Is.True);
        Assert.That(ex.Operation, Is.EqualTo("verifyCode"));
    }

    [Test]
    public async Task A_timeout_while_fetching_the_token_says_nothing_was_sent()
    {
        var apiCalls = 0;
        var handler = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        handler.When("*").Respond(_ =>
        {
            Interlocked.Increment(ref apiCalls);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var service = MfaService.Create(new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            ClientId = "c",
            ClientSecret = "s",
            TokenUrl = new Uri(TokenEndpoint.Url),
            Timeout = TimeSpan.FromMilliseconds(200),
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        }, handler);

        // The call's timeout and the token client's (the same value) race: either way nothing was sent, and it must say so.
        var ex = await Assert.ThrowsAsync(Is.InstanceOf<MfaTimeoutException>().Or.InstanceOf<MfaAuthenticationException>(),
            () => service.SendSmsCodeAsync(Requests.To, overrides: new MfaSendOverrides { From = Requests.From, ApplicationId = "a" }));

        Assert.That(((MfaException)ex!).RequestMayHaveReachedServer, Is.False);
        if (ex is MfaTimeoutException)
        {
            Assert.That(ex.Message, Does.Contain("before anything was sent"));
        }

        Assert.That(apiCalls, Is.Zero);
    }

    /// <summary>Sends the headers of a 200 at once, then a body that never finishes.</summary>
    private sealed class StallingBodyServer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new StallingStream()) });

        private sealed class StallingStream : System.IO.Stream
        {
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => false;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => 0; set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }

#if NETCOREAPP
            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }
#endif

            public override void Flush() { }
            public override long Seek(long offset, System.IO.SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }
    }

    /// <summary>Stops the listener when disposed (.NET Framework's listener is not disposable).</summary>
    private static IDisposable Stopping(TcpListener listener) => new StopListener(listener);

    private sealed class StopListener(TcpListener listener) : IDisposable
    {
        public void Dispose() => listener.Stop();
    }

    private static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        using var stopProbe = Stopping(probe);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
