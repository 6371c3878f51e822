using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Bandwidth.Mfa.Tests.Testing.SandboxFixture;

namespace Bandwidth.Mfa.Tests.Convenience;

/// <summary>VerifyCodeWithOutcomeAsync: valid, invalid and locked out (with when to retry) without the caller catching anything.</summary>
public class VerifyOutcomeTests
{
    private FakeTimeProvider _clock = null!;
    private MfaSandbox _sandbox = null!;
    private MfaService _mfa = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = NewClock();
        _sandbox = NewSandbox(_clock, o => o.MaxFailedVerifications = 3);
        _mfa = NewService(_sandbox);
    }

    [TearDown]
    public void TearDown() => _mfa.Dispose();

    private async Task<string> SendAsync(string? scope = null)
    {
        await _mfa.SendSmsCodeAsync(To, scope);
        return _sandbox.LastCodeTo(To, scope);
    }

    private static string Wrong(string code) => code == "111111" ? "222222" : "111111";

    private async Task LockAsync(string code)
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await _mfa.VerifyCodeWithOutcomeAsync(To, Wrong(code))).Outcome, Is.EqualTo(MfaVerifyOutcome.Invalid));
        }
    }

    [Test]
    public async Task The_right_code_is_Valid_with_no_wait()
    {
        var result = await _mfa.VerifyCodeWithOutcomeAsync(To, await SendAsync());

        Assert.That(result.Outcome, Is.EqualTo(MfaVerifyOutcome.Valid));
        Assert.That(result.IsValid, Is.True);
        Assert.That(result.IsLockedOut, Is.False);
        Assert.That(result.RetryAfter, Is.Null);
    }

    [Test]
    public async Task A_wrong_code_is_Invalid()
    {
        var result = await _mfa.VerifyCodeWithOutcomeAsync(To, Wrong(await SendAsync()));

        Assert.That(result, Is.SameAs(MfaVerifyResult.Invalid));
        Assert.That(result.IsValid, Is.False);
        Assert.That(result.RetryAfter, Is.Null);
    }

    [Test]
    public async Task An_expired_code_is_Invalid()
    {
        var code = await SendAsync();
        _clock.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1));

        Assert.That((await _mfa.VerifyCodeWithOutcomeAsync(To, code)).Outcome, Is.EqualTo(MfaVerifyOutcome.Invalid));
    }

    [Test]
    public async Task A_code_of_another_scope_is_Invalid()
    {
        var code = await SendAsync("login");

        Assert.That((await _mfa.VerifyCodeWithOutcomeAsync(To, code, "phone")).Outcome, Is.EqualTo(MfaVerifyOutcome.Invalid));
        Assert.That((await _mfa.VerifyCodeWithOutcomeAsync(To, code, "login")).Outcome, Is.EqualTo(MfaVerifyOutcome.Valid));
    }

    [Test]
    public async Task Too_many_wrong_codes_is_LockedOut_with_the_wait_the_service_wrote()
    {
        var code = await SendAsync();
        await LockAsync(code);

        var result = await _mfa.VerifyCodeWithOutcomeAsync(To, code);

        // The sandbox answers like the vendor: 429 {"error":"This number has exceeded verification attempts, please wait 2 minutes"}.
        Assert.That(result.Outcome, Is.EqualTo(MfaVerifyOutcome.LockedOut));
        Assert.That(result.IsLockedOut, Is.True);
        Assert.That(result.IsValid, Is.False);
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(_sandbox.Requests.Last().StatusCode, Is.EqualTo(429));
    }

    [Test]
    public async Task A_wait_in_seconds_is_read_as_seconds()
    {
        _mfa.Dispose();
        _sandbox = NewSandbox(_clock, o => { o.MaxFailedVerifications = 3; o.VerificationCoolDown = TimeSpan.FromSeconds(30); });
        _mfa = NewService(_sandbox);
        var code = await SendAsync();
        await LockAsync(code);
        _clock.Advance(TimeSpan.FromSeconds(5));

        var result = await _mfa.VerifyCodeWithOutcomeAsync(To, code);

        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(25)));
    }

    [Test]
    public async Task After_the_cool_down_the_right_code_is_Valid_again()
    {
        var code = await SendAsync();
        await LockAsync(code);
        Assert.That((await _mfa.VerifyCodeWithOutcomeAsync(To, code)).IsLockedOut, Is.True);

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.That((await _mfa.VerifyCodeWithOutcomeAsync(To, code)).Outcome, Is.EqualTo(MfaVerifyOutcome.Valid));
    }

    [Test]
    public async Task Each_call_is_exactly_one_verify_request_on_the_wire()
    {
        var code = await SendAsync();
        var before = _sandbox.Requests.Count;

        await _mfa.VerifyCodeWithOutcomeAsync(To, code, "2FA");

        var requests = _sandbox.Requests.Skip(before).ToArray();
        Assert.That(requests, Has.Length.EqualTo(1));
        Assert.That(requests[0].Operation, Is.EqualTo(MfaSandboxOperation.VerifyCode));
        Assert.That(requests[0].StatusCode, Is.EqualTo(200));
        Assert.That(_sandbox.Verifications.Last().Scope, Is.EqualTo("2FA"));
    }

    [Test]
    public void A_Retry_After_header_wins_over_the_text()
    {
        var service = new ThrowingService(new MfaApiException("verifyCode", 429, "please wait 2 minutes", retryAfter: TimeSpan.FromSeconds(45)));

        var result = service.VerifyCodeWithOutcomeAsync(To, "123456").GetAwaiter().GetResult();

        Assert.That(result.Outcome, Is.EqualTo(MfaVerifyOutcome.LockedOut));
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(45)));
    }

    [Test]
    public async Task A_429_that_says_no_wait_is_LockedOut_with_an_unknown_wait()
    {
        var service = new ThrowingService(new MfaApiException("verifyCode", 429, "Too many requests"));

        var result = await service.VerifyCodeWithOutcomeAsync(To, "123456");

        Assert.That(result.Outcome, Is.EqualTo(MfaVerifyOutcome.LockedOut));
        Assert.That(result.RetryAfter, Is.Null);
    }

    [TestCase(HttpStatusCode.InternalServerError)]
    [TestCase(HttpStatusCode.Forbidden)]
    public async Task Other_error_statuses_still_throw_the_MfaApiException(HttpStatusCode status)
    {
        var code = await SendAsync();
        _sandbox.FailNext(status == HttpStatusCode.Forbidden ? MfaSandboxFailure.Forbidden() : MfaSandboxFailure.InternalServerError(), operation: MfaSandboxOperation.VerifyCode);

        var error = await Assert.CatchAsync<MfaApiException>(() => _mfa.VerifyCodeWithOutcomeAsync(To, code));
        Assert.That(error!.Status, Is.EqualTo((int)status));
        Assert.That(error.IsRateLimited, Is.False);
    }

    [Test]
    public async Task A_cancelled_call_throws_OperationCanceledException_and_sends_nothing()
    {
        var code = await SendAsync();
        var before = _sandbox.Requests.Count;
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.CatchAsync<OperationCanceledException>(() => _mfa.VerifyCodeWithOutcomeAsync(To, code, cancellationToken: cancelled.Token));
        Assert.That(_sandbox.Requests.Count, Is.EqualTo(before));
    }

    [Test]
    public void The_result_text_holds_the_outcome_and_wait_only()
    {
        Assert.That(MfaVerifyResult.LockedOut(TimeSpan.FromSeconds(90)).ToString(), Is.EqualTo("LockedOut (retry after 90 s)"));
        Assert.That(MfaVerifyResult.Valid.ToString(), Is.EqualTo("Valid"));
        Assert.That(MfaVerifyResult.LockedOut(TimeSpan.FromSeconds(-5)).RetryAfter, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public async Task A_null_service_is_refused_by_name()
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => ((IMfaService)null!).VerifyCodeWithOutcomeAsync(To, "123456"));
        Assert.That(error!.ParamName, Is.EqualTo("service"));
    }

    private sealed class ThrowingService(Exception error) : IMfaService
    {
        public Task<MessagingCodeResponse> SendSmsCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VoiceCodeResponse> SendVoiceCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> VerifyCodeAsync(string to, string code, string? scope = null, MfaVerifyOverrides? overrides = null, CancellationToken cancellationToken = default) => Task.FromException<bool>(error);
    }
}
