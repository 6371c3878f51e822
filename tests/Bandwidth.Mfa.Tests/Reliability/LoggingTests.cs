using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Reliability;

public class LoggingTests
{
    private MockMfa _mock = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _logs = new CapturingLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
    }

    [TearDown]
    public void TearDown()
    {
        _loggerFactory.Dispose();
        _mock.Dispose();
    }

    private MfaService Create() => MfaService.Create(
        new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "t", Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } }, _mock.Handler, _loggerFactory);

    private CapturingLoggerProvider.LogLine[] ClientLines() => _logs.For(LogEventIds.Category).ToArray();

    [Test]
    public async Task A_successful_call_writes_one_debug_line_with_operation_status_and_duration()
    {
        _mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        using var service = Create();

        await service.VerifyCodeAsync(Requests.To, "123456");

        var line = ClientLines().Single();
        Assert.That(line.Level, Is.EqualTo(LogLevel.Debug));
        Assert.That(line.EventId, Is.EqualTo(LogEventIds.CallCompleted));
        Assert.That(line.State.Single(v => v.Key == "Operation").Value, Is.EqualTo("verifyCode"));
        Assert.That(line.State.Single(v => v.Key == "Status").Value, Is.EqualTo(200));
        Assert.That(line.State.Single(v => v.Key == "ElapsedMs").Value, Is.TypeOf<double>());
        Assert.That(line.Message, Does.StartWith("MFA verifyCode answered 200 in ").And.EndWith("(request id none)"));
    }

    [TestCase(429)]
    [TestCase(500)]
    [TestCase(503)]
    public async Task A_429_or_5xx_writes_a_warning_with_the_request_id(int status)
    {
        _mock.AnswerAll(_ => new System.Net.Http.HttpResponseMessage((HttpStatusCode)status)
        {
            Content = new System.Net.Http.StringContent("{\"error\":\"busy\",\"requestId\":\"354cc8a3-6701-461e-8fa7-8671703dd898\"}"),
        });
        using var service = Create();

        await Assert.ThrowsAsync(Is.InstanceOf<MfaApiException>(), () => service.VerifyCodeAsync(Requests.To, "123456"));

        var line = ClientLines().Single();
        Assert.That(line.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(line.EventId, Is.EqualTo(LogEventIds.CallNeedsAttention));
        Assert.That(line.Message, Does.Contain($"answered {status}").And.Contain("request id 354cc8a3-6701-461e-8fa7-8671703dd898"));
    }

    [Test]
    public async Task A_400_is_logged_at_debug_with_its_request_id()
    {
        _mock.Answer("/code/messaging", HttpStatusCode.BadRequest, "{\"error\":\"to number is required\",\"requestId\":\"req-400\"}");
        using var service = Create();

        await Assert.ThrowsAsync(Is.InstanceOf<MfaApiException>(), () => service.Client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code()));

        var line = ClientLines().Single();
        Assert.That(line.Level, Is.EqualTo(LogLevel.Debug));
        Assert.That(line.Message, Does.Contain("MFA generateMessagingCode answered 400").And.Contain("request id req-400"));
    }

    [Test]
    public async Task A_retry_is_logged_with_its_own_event()
    {
        var calls = 0;
        _mock.AnswerAll(_ => ++calls == 1
            ? new System.Net.Http.HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new System.Net.Http.StringContent("<html/>") }
            : new System.Net.Http.HttpResponseMessage(HttpStatusCode.OK) { Content = new System.Net.Http.StringContent("{\"valid\":true}") });
        using var service = MfaService.Create(new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            AccessToken = "t",
            Retry = new MfaRetryOptions { BaseDelay = TimeSpan.Zero },
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        }, _mock.Handler, _loggerFactory);

        await service.VerifyCodeAsync(Requests.To, "123456");

        var lines = ClientLines();
        Assert.That(lines.Select(l => l.EventId.Id), Is.EqualTo(new[] { LogEventIds.CallRetried.Id, LogEventIds.CallCompleted.Id }));
        Assert.That(lines[0].Message, Does.StartWith("MFA verifyCode retry 1 after HTTP 502"));
    }
}
