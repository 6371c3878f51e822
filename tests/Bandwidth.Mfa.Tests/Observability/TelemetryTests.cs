using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Bandwidth.Mfa.Tests.Demo;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Observability;

/// <summary>The client's spans and measurements, through <see cref="MfaService.Create"/>, for every way a call ends.</summary>
[NonParallelizable]
public class TelemetryTests
{
    private MockMfa _mock = null!;
    private TelemetryRecorder _telemetry = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _telemetry = new TelemetryRecorder();
    }

    [TearDown]
    public void TearDown()
    {
        _telemetry.Dispose();
        _mock.Dispose();
    }

    internal static MfaOptions Options(MfaRetryOptions? retry = null)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, Username = "api-user", Password = "api-pass", Retry = retry, Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        options.Voice.From = Requests.From;
        options.Voice.ApplicationId = Requests.ApplicationId;
        return options;
    }

    private static HttpResponseMessage Json(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    [Test]
    public async Task A_send_is_one_client_span_with_the_http_conventions_and_counts_as_accepted()
    {
        _mock.Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}");
        using var service = MfaService.Create(Options(), _mock.Handler);

        await service.SendSmsCodeAsync(Requests.To);

        var span = _telemetry.Single("MFA generateMessagingCode");
        Assert.That(span.Kind, Is.EqualTo(ActivityKind.Client));
        Assert.That(span.Parent, Is.SameAs(_telemetry.Root));
        Assert.That(span.Source.Version, Is.Not.Empty);
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(span.TagObjects.ToDictionary(t => t.Key, t => t.Value), Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["http.request.method"] = "POST",
            ["server.address"] = "mfa.bandwidth.com",
            ["server.port"] = 443,
            ["url.template"] = "/api/v1/accounts/{accountId}/code/messaging",
            ["mfa.operation"] = "generateMessagingCode",
            ["mfa.client.name"] = "(unnamed)",
            ["mfa.channel"] = "sms",
            ["http.response.status_code"] = 200,
        }));
        var attempt = span.Events.Single();
        Assert.That(attempt.Name, Is.EqualTo("mfa.attempt"));
        Assert.That(attempt.Tags.Single(), Is.EqualTo(new KeyValuePair<string, object?>("mfa.attempt", 1)));

        var sent = _telemetry.Of("mfa.client.codes.sent").Single();
        Assert.That(sent.Value, Is.EqualTo(1));
        Assert.That(sent.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["mfa.channel"] = "sms", ["outcome"] = "accepted", ["mfa.client.name"] = "(unnamed)" }));
        var duration = _telemetry.Of("mfa.client.operation.duration").Single();
        Assert.That(duration.Value, Is.GreaterThanOrEqualTo(0));
        Assert.That(duration.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["mfa.operation"] = "generateMessagingCode", ["mfa.client.name"] = "(unnamed)", ["http.response.status_code"] = 200 }));
        Assert.That(_telemetry.Of("mfa.client.verifications"), Is.Empty);
    }

    [Test]
    public async Task A_send_refused_by_the_send_limits_counts_as_refused_and_sends_nothing()
    {
        _mock.Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}");
        var options = Options();
        options.SendLimits = new MfaSendLimitOptions { AllowedPrefixes = { "44" } };
        using var service = MfaService.Create(options, _mock.Handler);

        await Assert.ThrowsAsync<MfaSendRefusedException>(() => service.SendSmsCodeAsync(Requests.To));

        Assert.That(_mock.RequestCount, Is.Zero);
        Assert.That(_telemetry.Single("MFA generateMessagingCode").GetTagItem("error.type"), Is.EqualTo("send_refused"));
        Assert.That(_telemetry.Of("mfa.client.codes.sent").Single()["outcome"], Is.EqualTo("refused"));
    }

    [Test]
    public async Task A_voice_send_is_tagged_voice()
    {
        _mock.Answer("/code/voice", HttpStatusCode.OK, "{\"callId\":\"c-1\"}");
        using var service = MfaService.Create(Options(), _mock.Handler);

        await service.SendVoiceCodeAsync(Requests.To);

        Assert.That(_telemetry.Single("MFA generateVoiceCode").GetTagItem("mfa.channel"), Is.EqualTo("voice"));
        Assert.That(_telemetry.Of("mfa.client.codes.sent").Single()["mfa.channel"], Is.EqualTo("voice"));
    }

    [TestCase(true, "valid")]
    [TestCase(false, "invalid")]
    public async Task A_verification_is_tagged_with_its_result_and_counted(bool valid, string result)
    {
        _mock.Answer("/code/verify", HttpStatusCode.OK, valid ? "{\"valid\":true}" : "{\"valid\":false}");
        using var service = MfaService.Create(Options(), _mock.Handler);

        Assert.That(await service.VerifyCodeAsync(Requests.To, "123456"), Is.EqualTo(valid));

        var span = _telemetry.Single("MFA verifyCode");
        Assert.That(span.GetTagItem("mfa.verify.result"), Is.EqualTo(result));
        Assert.That(span.GetTagItem("mfa.channel"), Is.Null);
        Assert.That(span.GetTagItem("url.template"), Is.EqualTo("/api/v1/accounts/{accountId}/code/verify"));
        var counted = _telemetry.Of("mfa.client.verifications").Single();
        Assert.That(counted.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["outcome"] = result, ["mfa.client.name"] = "(unnamed)" }));
    }

    [TestCase(400, "rejected")]
    [TestCase(401, "rejected")]
    [TestCase(403, "rejected")]
    [TestCase(429, "rejected")]
    [TestCase(500, "failed")]
    [TestCase(503, "failed")]
    public async Task An_error_status_is_an_error_span_with_the_status_as_error_type(int status, string sendOutcome)
    {
        _mock.AnswerAll(_ => Json(status, "{\"error\":\"no\",\"requestId\":\"r-1\"}"));
        using var service = MfaService.Create(Options(), _mock.Handler);

        await Assert.CatchAsync<MfaApiException>(() => service.SendSmsCodeAsync(Requests.To));
        await Assert.CatchAsync<MfaApiException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        foreach (var name in new[] { "MFA generateMessagingCode", "MFA verifyCode" })
        {
            var span = _telemetry.Single(name);
            Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(span.StatusDescription, Is.EqualTo(status.ToString()));
            Assert.That(span.GetTagItem("error.type"), Is.EqualTo(status.ToString()));
            Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(status));
            Assert.That(span.GetTagItem("mfa.verify.result"), Is.Null);
        }

        Assert.That(_telemetry.Of("mfa.client.codes.sent").Single()["outcome"], Is.EqualTo(sendOutcome));
        Assert.That(_telemetry.Of("mfa.client.verifications").Single()["outcome"], Is.EqualTo(status == 429 ? "rate_limited" : "failed"));
        var durations = _telemetry.Of("mfa.client.operation.duration");
        Assert.That(durations.Select(d => d["error.type"]), Is.EqualTo(new[] { status.ToString(), status.ToString() }));
        Assert.That(durations.Select(d => d["http.response.status_code"]), Is.EqualTo(new object[] { status, status }));
    }

    [Test]
    public async Task A_timeout_is_error_type_timeout_without_a_status()
    {
        using var service = MfaService.Create(Options(), new CallbackHandler((_, _) => throw new TaskCanceledException("HttpClient.Timeout")));

        await Assert.ThrowsAsync<MfaTimeoutException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        var span = _telemetry.Single("MFA verifyCode");
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo("timeout"));
        Assert.That(span.GetTagItem("http.response.status_code"), Is.Null);
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(_telemetry.Of("mfa.client.verifications").Single()["outcome"], Is.EqualTo("failed"));
        var duration = _telemetry.Of("mfa.client.operation.duration").Single();
        Assert.That(duration["error.type"], Is.EqualTo("timeout"));
        Assert.That(duration.Tags.ContainsKey("http.response.status_code"), Is.False);
    }

    [Test]
    public async Task A_transport_failure_is_error_type_transport_and_a_failed_send()
    {
        using var service = MfaService.Create(Options(), new CallbackHandler((_, _) => throw new HttpRequestException("connection reset")));

        await Assert.ThrowsAsync<MfaTransportException>(() => service.SendSmsCodeAsync(Requests.To));

        Assert.That(_telemetry.Single("MFA generateMessagingCode").GetTagItem("error.type"), Is.EqualTo("transport"));
        Assert.That(_telemetry.Of("mfa.client.codes.sent").Single()["outcome"], Is.EqualTo("failed"));
    }

    [Test]
    public async Task An_unreadable_success_body_is_error_type_invalid_response()
    {
        _mock.AnswerAll(_ => Json(200, "{\"valid\":"));
        using var service = MfaService.Create(Options(), _mock.Handler);

        await Assert.ThrowsAsync<MfaInvalidResponseException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        var span = _telemetry.Single("MFA verifyCode");
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo("invalid_response"));
        Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(200));
    }

    [Test]
    public async Task A_redirect_is_error_type_redirect()
    {
        _mock.AnswerAll(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.TemporaryRedirect);
            response.Headers.Location = new Uri("https://api.bandwidth.com/");
            return response;
        });
        using var service = MfaService.Create(Options(), _mock.Handler);

        await Assert.ThrowsAsync<MfaRedirectException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(_telemetry.Single("MFA verifyCode").GetTagItem("error.type"), Is.EqualTo("redirect"));
    }

    [Test]
    public async Task A_cancelled_call_ends_its_span_as_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var service = MfaService.Create(Options(), new CallbackHandler(async (_, token) =>
        {
            reached.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("not reached");
        }));

        var call = service.VerifyCodeAsync(Requests.To, "123456", cancellationToken: cancel.Token);
        await reached.Task;
        cancel.Cancel();
        await Assert.CatchAsync<OperationCanceledException>(() => call);

        var span = _telemetry.Single("MFA verifyCode");
        Assert.That(span.GetTagItem("error.type"), Is.EqualTo("cancelled"));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error));
        Assert.That(_telemetry.Of("mfa.client.verifications").Single()["outcome"], Is.EqualTo("failed"));
    }

    [Test]
    public async Task A_retry_shows_as_one_span_with_an_event_per_attempt()
    {
        var next = 0;
        _mock.AnswerAll(_ => Interlocked.Increment(ref next) == 1
            ? WithRetryAfter(Json(503, "{\"error\":\"busy\",\"requestId\":\"r-1\"}"))
            : Json(200, "{\"valid\":true}"));
        var time = new TimerCountingTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        using var service = MfaService.Create(Options(new MfaRetryOptions()), _mock.Handler, timeProvider: time);

        var call = service.VerifyCodeAsync(Requests.To, "123456");
        await time.WhenTimersCreated(1);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await call.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);

        var span = _telemetry.Single("MFA verifyCode");
        Assert.That(span.Events.Select(e => e.Tags.Single().Value), Is.EqualTo(new object[] { 1, 2 }));
        Assert.That(span.Events.Select(e => e.Name).Distinct(), Is.EqualTo(new[] { "mfa.attempt" }));
        Assert.That(span.GetTagItem("http.response.status_code"), Is.EqualTo(200));
        Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Unset));
        Assert.That(_telemetry.Of("mfa.client.operation.duration"), Has.Count.EqualTo(1), "one measurement per call, retries included");
        Assert.That(_mock.RequestCount, Is.EqualTo(2));

        static HttpResponseMessage WithRetryAfter(HttpResponseMessage response)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(1));
            return response;
        }
    }

    [Test]
    public async Task The_transport_runs_with_the_call_span_current_so_the_HttpClient_span_is_its_child()
    {
        Activity? seen = null;
        using var service = MfaService.Create(Options(), new CallbackHandler((_, _) =>
        {
            seen = Activity.Current;
            return Task.FromResult(Json(200, "{\"valid\":true}"));
        }));

        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(seen, Is.SameAs(_telemetry.Single("MFA verifyCode")));
        Assert.That(Activity.Current, Is.SameAs(_telemetry.Root), "the call's span is no longer current after the call");
    }

#if NETCOREAPP // .NET Framework's and Mono's HttpClient make no spans of their own (no "System.Net.Http" activity source)
    [Test]
    public async Task Over_a_real_socket_the_HttpClient_span_is_a_child_of_the_call_span()
    {
        _telemetry.Dispose();
        _telemetry = new TelemetryRecorder(httpClientSpans: true);
        var sandbox = new MfaSandbox();
        await using var server = new LoopbackSandbox(sandbox);
        var options = Options();
        options.BaseUrl = server.BaseUrl;
        using var service = MfaService.Create(options);

        await service.SendSmsCodeAsync(Requests.To);

        var ours = _telemetry.Single("MFA generateMessagingCode");
        var http = _telemetry.Spans.Single(s => s.Source.Name == "System.Net.Http");
        Assert.That(http.ParentSpanId, Is.EqualTo(ours.SpanId));
        Assert.That(ours.GetTagItem("server.address"), Is.EqualTo("127.0.0.1"));
        Assert.That(ours.GetTagItem("server.port"), Is.EqualTo(server.BaseUrl.Port));
    }
#endif

    [Test]
    public async Task Without_a_listener_no_span_is_created()
    {
        _telemetry.Dispose();
        Activity? seen = null;
        using var service = MfaService.Create(Options(), new CallbackHandler((_, _) =>
        {
            seen = Activity.Current;
            return Task.FromResult(Json(200, "{\"valid\":true}"));
        }));

        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(seen, Is.Null);
        _telemetry = new TelemetryRecorder();
    }

    [Test]
    public async Task OAuth2_token_requests_are_counted_by_outcome()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        _mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        var options = Options();
        options.Username = null;
        options.Password = null;
        options.ClientId = "client-1";
        options.ClientSecret = "client-secret-1";
        options.TokenUrl = new Uri(TokenEndpoint.Url);
        using var service = MfaService.Create(options, _mock.Handler);

        await service.VerifyCodeAsync(Requests.To, "123456");
        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(tokens.RequestCount, Is.EqualTo(1));
        var counted = _telemetry.Of("mfa.client.token.requests").Single();
        Assert.That(counted.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["outcome"] = "success", ["mfa.client.name"] = "(unnamed)" }));
    }

    [Test]
    public async Task A_refused_token_request_counts_as_a_failure_and_the_call_as_authentication()
    {
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(HttpStatusCode.Unauthorized, "application/json", "{\"error\":\"invalid_client\"}");
        var options = Options();
        options.Username = null;
        options.Password = null;
        options.ClientId = "client-1";
        options.ClientSecret = "client-secret-1";
        options.TokenUrl = new Uri(TokenEndpoint.Url);
        using var service = MfaService.Create(options, _mock.Handler);

        await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(_telemetry.Of("mfa.client.token.requests").Single()["outcome"], Is.EqualTo("failure"));
        Assert.That(_telemetry.Single("MFA verifyCode").GetTagItem("error.type"), Is.EqualTo("authentication"));
    }

    [Test]
    public async Task No_tag_event_status_or_log_line_of_a_full_failure_matrix_holds_a_number_code_account_or_secret()
    {
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var statuses = new[] { 200, 400, 401, 403, 404, 429, 500, 502, 503 };
        var echo = "{\"error\":\"+19195551234 123456 api-pass 9900000 YXBpLXVzZXI6YXBpLXBhc3M=\",\"requestId\":\"r-1\"}";
        foreach (var status in statuses)
        {
            using var mock = new MockMfa();
            mock.AnswerAll(_ => Json(status, status == 200 ? "{\"valid\":" : echo));
            using var service = MfaService.Create(Options(), mock.Handler, loggerFactory);
            await Assert.CatchAsync<MfaException>(() => service.VerifyCodeAsync(Requests.To, "123456"));
            await Assert.CatchAsync<MfaException>(() => service.SendSmsCodeAsync(Requests.To));
            await Assert.CatchAsync<MfaException>(() => service.SendVoiceCodeAsync(Requests.To));
        }

        foreach (var failure in new Func<Task<HttpResponseMessage>>[]
        {
            () => throw new HttpRequestException("+19195551234 123456 api-pass"),
            () => throw new TaskCanceledException("+19195551234 123456 api-pass"),
        })
        {
            using var service = MfaService.Create(Options(), new CallbackHandler((_, _) => failure()), loggerFactory);
            await Assert.CatchAsync<MfaException>(() => service.VerifyCodeAsync(Requests.To, "123456"));
            await Assert.CatchAsync<MfaException>(() => service.SendSmsCodeAsync(Requests.To));
        }

        var exported = _telemetry.AllExportedText().Concat(logs.Lines.Select(l => l.Message + " " + l.Scopes + " " + string.Join(" ", l.State.Select(s => s.Value))))
            .ToList();
        Assert.That(_telemetry.MfaSpans.Count(), Is.EqualTo(statuses.Length * 3 + 4));
        Assert.That(exported, Is.Not.Empty);
        foreach (var forbidden in new[] { "9195551234", "9195554321", "123456", "api-pass", "api-user", MockMfa.AccountId, "YXBpLXVzZXI6YXBpLXBhc3M=", Requests.ApplicationId })
        {
            Assert.That(exported.Where(text => text.Contains(forbidden, StringComparison.Ordinal)), Is.Empty, forbidden);
        }
    }
}
