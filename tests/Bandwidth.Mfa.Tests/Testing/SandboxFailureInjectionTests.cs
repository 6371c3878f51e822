using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Bandwidth.Mfa.Tests.Testing.SandboxFixture;

namespace Bandwidth.Mfa.Tests.Testing;

/// <summary>Injected failures reach the real client as the exception family says they should, and only as often as asked.</summary>
public class SandboxFailureInjectionTests
{
    private FakeTimeProvider _clock = null!;
    private MfaSandbox _sandbox = null!;
    private MfaService _mfa = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = NewClock();
        _sandbox = NewSandbox(_clock);
        _mfa = NewService(_sandbox, o => o.Timeout = TimeSpan.FromMilliseconds(300));
    }

    [TearDown]
    public void TearDown() => _mfa.Dispose();

    [Test]
    public async Task A_500_is_the_typed_service_error_and_nothing_is_sent()
    {
        _sandbox.FailNext(MfaSandboxFailure.InternalServerError());

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.Status, Is.EqualTo(500));
        Assert.That(ex.Result.Error, Is.EqualTo("Internal Error"));
        Assert.That(Guid.TryParse(ex.RequestId, out _), Is.True);
        Assert.That(ex.RequestMayHaveReachedServer, Is.False, "errors are not billed");
        Assert.That(_sandbox.Messages, Is.Empty);
        Assert.That(_sandbox.Requests.Single().RequestId, Is.EqualTo(ex.RequestId));
        Assert.That(_sandbox.PendingFailures, Is.Zero);
        Assert.That(await _mfa.SendSmsCodeAsync(To), Is.Not.Null, "only the next call failed");
    }

    [Test]
    public async Task A_failure_for_several_calls_applies_that_many_times_in_order()
    {
        _sandbox.FailNext(MfaSandboxFailure.InternalServerError(), times: 2);
        _sandbox.FailNext(MfaSandboxFailure.Forbidden());
        Assert.That(_sandbox.PendingFailures, Is.EqualTo(3));

        await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.VerifyCodeAsync(To, "123456"));
        await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.VerifyCodeAsync(To, "123456"));
        var forbidden = await Assert.ThrowsAsync<MfaApiException<MfaForbiddenRequestError>>(() => _mfa.VerifyCodeAsync(To, "123456"));

        Assert.That(forbidden!.Result.Message, Is.EqualTo("Missing Authentication Token"));
        Assert.That(await _mfa.VerifyCodeAsync(To, "123456"), Is.False);
        Assert.That(_sandbox.Requests.Select(r => r.StatusCode), Is.EqualTo(new int?[] { 500, 500, 403, 200 }));
    }

    [Test]
    public async Task A_503_carries_Retry_After()
    {
        _sandbox.FailNext(MfaSandboxFailure.ServiceUnavailable(TimeSpan.FromSeconds(7)));

        var ex = await Assert.ThrowsAsync<MfaApiException>(() => _mfa.SendVoiceCodeAsync(To));

        Assert.That(ex!.Status, Is.EqualTo(503));
        Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(ex.Response, Is.EqualTo("{\"message\":\"Service Unavailable\"}"));
    }

    [Test]
    public async Task A_timeout_holds_the_request_until_the_client_gives_up_and_surfaces_as_MfaTimeoutException()
    {
        _sandbox.FailNext(MfaSandboxFailure.Timeout(maxWait: TimeSpan.FromSeconds(30)));

        var ex = await Assert.ThrowsAsync<MfaTimeoutException>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.Operation, Is.EqualTo("generateMessagingCode"));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(_sandbox.Messages, Is.Empty, "the request was held, not acted on");
        Assert.That(_sandbox.Requests.Single().StatusCode, Is.Null, "no answer was given");
    }

    [Test]
    public async Task A_timeout_longer_than_a_timer_can_wait_holds_until_the_client_gives_up()
    {
        _sandbox.FailNext(MfaSandboxFailure.Timeout(maxWait: TimeSpan.MaxValue));

        var ex = await Assert.ThrowsAsync<MfaTimeoutException>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.Operation, Is.EqualTo("generateMessagingCode"), "not an ArgumentOutOfRangeException of Task.Delay");
    }

    [Test]
    public async Task A_timeout_after_processing_delivers_the_code_although_the_client_saw_a_timeout()
    {
        _sandbox.FailNext(MfaSandboxFailure.Timeout(maxWait: TimeSpan.FromSeconds(30), afterProcessing: true));

        await Assert.ThrowsAsync<MfaTimeoutException>(() => _mfa.SendSmsCodeAsync(To));

        var code = _sandbox.LastCodeTo(To);
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True, "the send happened: retrying it blindly would text the user twice");
    }

    [Test]
    public async Task A_timeout_nobody_waits_for_ends_in_a_504_html_page()
    {
        using var patient = NewService(_sandbox, o => o.Timeout = TimeSpan.FromSeconds(30));
        _sandbox.FailNext(MfaSandboxFailure.Timeout(maxWait: TimeSpan.FromMilliseconds(50)));

        var ex = await Assert.ThrowsAsync<MfaApiException>(() => patient.VerifyCodeAsync(To, "123456"));

        Assert.That(ex!.Status, Is.EqualTo(504));
        Assert.That(ex.Response, Does.StartWith("<html>"));
    }

    [Test]
    public async Task An_html_gateway_page_is_an_api_exception_with_the_text_kept()
    {
        _sandbox.FailNext(MfaSandboxFailure.HtmlBody());

        var ex = await Assert.ThrowsAsync<MfaApiException>(() => _mfa.VerifyCodeAsync(To, "123456"));

        Assert.That(ex!.Status, Is.EqualTo(502));
        Assert.That(ex.Response, Does.Contain("<h1>502 Bad Gateway</h1>").And.StartWith("<html>"));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True, "a gateway may have lost the answer");
    }

    [Test]
    public async Task An_html_body_on_a_success_status_is_an_invalid_response_after_the_send_happened()
    {
        _sandbox.FailNext(MfaSandboxFailure.HtmlBody(HttpStatusCode.OK, afterProcessing: true));

        var ex = await Assert.ThrowsAsync<MfaInvalidResponseException>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.Status, Is.EqualTo(200));
        Assert.That(_sandbox.Messages, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_refused_connection_is_a_transport_exception_that_sent_nothing()
    {
        _sandbox.FailNext(MfaSandboxFailure.ConnectionFailure());

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.RequestMayHaveReachedServer, Is.False);
        Assert.That(_sandbox.Messages, Is.Empty);
    }

    [Test]
    public async Task A_custom_status_is_answered_as_given()
    {
        _sandbox.FailNext(MfaSandboxFailure.Status((HttpStatusCode)418, "{\"error\":\"teapot\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.Status, Is.EqualTo(418));
        Assert.That(ex.Response, Is.EqualTo("{\"error\":\"teapot\"}"));
    }

    [Test]
    public async Task A_failure_for_one_operation_leaves_the_others_alone()
    {
        _sandbox.FailNext(MfaSandboxFailure.InternalServerError(), operation: MfaSandboxOperation.VerifyCode);

        await _mfa.SendSmsCodeAsync(To);
        await _mfa.SendVoiceCodeAsync(To);
        await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.VerifyCodeAsync(To, _sandbox.LastCodeTo(To)));

        Assert.That(_sandbox.Messages, Has.Count.EqualTo(2));
        Assert.That(await _mfa.VerifyCodeAsync(To, _sandbox.LastCodeTo(To)), Is.True);
    }

    [Test]
    public void FailNext_rejects_nonsense()
    {
        Assert.Throws<ArgumentNullException>(() => _sandbox.FailNext(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => _sandbox.FailNext(MfaSandboxFailure.InternalServerError(), times: 0));
        Assert.Throws<ArgumentException>(() => _sandbox.FailNext(MfaSandboxFailure.InternalServerError(), operation: MfaSandboxOperation.Unknown));
    }
}
