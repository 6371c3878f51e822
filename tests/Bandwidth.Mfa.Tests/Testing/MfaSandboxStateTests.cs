using System;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Bandwidth.Mfa.Tests.Testing.SandboxFixture;

namespace Bandwidth.Mfa.Tests.Testing;

/// <summary>What the sandbox tells an observer (the sandbox server's outbox): verifications, lockouts, change signals, bounded history.</summary>
public class MfaSandboxStateTests
{
    private FakeTimeProvider _clock = null!;
    private MfaSandbox _sandbox = null!;
    private MfaService _mfa = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = NewClock();
        _sandbox = NewSandbox(_clock, o => { o.MaxFailedVerifications = 2; o.VerificationCoolDown = TimeSpan.FromMinutes(2); });
        _mfa = NewService(_sandbox);
    }

    [TearDown]
    public void TearDown() => _mfa.Dispose();

    [Test]
    public async Task Each_decided_verification_is_logged_with_its_result_and_the_lockout_it_caused()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);
        var wrong = code == "000000" ? "111111" : "000000";

        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _mfa.VerifyCodeAsync(To, wrong), Is.False);
        Assert.That(_sandbox.Lockouts, Is.Empty, "one wrong code of two allowed");
        Assert.That(await _mfa.VerifyCodeAsync(To, wrong), Is.False);
        var lockedAt = _clock.GetUtcNow();
        await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.VerifyCodeAsync(To, code));

        var log = _sandbox.Verifications;
        Assert.That(log.Select(v => v.Result), Is.EqualTo(new[]
        {
            MfaSandboxVerificationResult.Valid, MfaSandboxVerificationResult.Invalid, MfaSandboxVerificationResult.Invalid, MfaSandboxVerificationResult.LockedOut,
        }));
        Assert.That(log.Select(v => v.FailedAttempts), Is.EqualTo(new[] { 0, 1, 2, 2 }));
        Assert.That(log.Select(v => v.LockedUntil), Is.EqualTo(new DateTimeOffset?[] { null, null, lockedAt + TimeSpan.FromMinutes(2), lockedAt + TimeSpan.FromMinutes(2) }));
        Assert.That(log.Select(v => v.VerifiedAt).First(), Is.EqualTo(Start));
        Assert.That(log.All(v => v.To == To && v.Scope == MfaSandbox.DefaultScope && v.AccountId == MfaSandbox.ExampleAccountId), Is.True);
        Assert.That(log[3].ToString(), Does.Not.Contain(To).And.Not.Contain(code).And.Contain("LockedOut"));

        var lockout = _sandbox.Lockouts.Single();
        Assert.That((lockout.To, lockout.AccountId, lockout.FailedAttempts, lockout.Until), Is.EqualTo((To, MfaSandbox.ExampleAccountId, 2, lockedAt + TimeSpan.FromMinutes(2))));
        Assert.That(lockout.ToString(), Does.Not.Contain(To));

        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(_sandbox.Lockouts, Is.Empty, "the cool-down has passed");
    }

    [Test]
    public async Task A_verification_refused_before_a_decision_is_not_logged()
    {
        using var http = RawClient(_sandbox);
        var (status, _, _) = await PostAsync(http, "accounts/9900000/code/verify", "{\"to\":\"+19195551234\",\"code\":\"12\",\"expirationTimeInMinutes\":3}");

        Assert.That(status, Is.EqualTo(400));
        Assert.That(_sandbox.Verifications, Is.Empty);
        Assert.That(_sandbox.Requests.Single().StatusCode, Is.EqualTo(400));
    }

    [Test]
    public async Task Every_change_raises_Changed_once_and_moves_the_version()
    {
        var raised = 0;
        _sandbox.Changed += (sender, _) =>
        {
            Assert.That(sender, Is.SameAs(_sandbox));
            raised++;
        };

        var versions = new System.Collections.Generic.List<long> { _sandbox.Version };
        await _mfa.SendSmsCodeAsync(To);
        versions.Add(_sandbox.Version);
        await _mfa.VerifyCodeAsync(To, _sandbox.LastCodeTo(To));
        versions.Add(_sandbox.Version);
        _sandbox.FailNext(MfaSandboxFailure.InternalServerError());
        versions.Add(_sandbox.Version);
        _sandbox.ClearFailures();
        versions.Add(_sandbox.Version);
        _sandbox.ClearOutbox();
        versions.Add(_sandbox.Version);
        _sandbox.Reset();
        versions.Add(_sandbox.Version);

        Assert.That(raised, Is.EqualTo(6));
        Assert.That(versions, Is.Ordered.Ascending.And.Unique);
    }

    [Test]
    public async Task A_failed_request_raises_Changed_too()
    {
        var raised = 0;
        _sandbox.FailNext(MfaSandboxFailure.InternalServerError());
        _sandbox.Changed += (_, _) => raised++;

        await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(raised, Is.EqualTo(1));
        Assert.That(_sandbox.PendingFailures, Is.Zero);
    }

    [Test]
    public async Task ClearFailures_drops_the_queued_failures_so_the_next_call_succeeds()
    {
        _sandbox.FailNext(MfaSandboxFailure.InternalServerError(), times: 3);
        Assert.That(_sandbox.PendingFailures, Is.EqualTo(3));

        _sandbox.ClearFailures();

        Assert.That(_sandbox.PendingFailures, Is.Zero);
        await Assert.DoesNotThrowAsync(() => _mfa.SendSmsCodeAsync(To));
    }

    [Test]
    public async Task ClearOutbox_empties_the_outbox_and_the_verification_log_but_codes_and_lockouts_stay()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);
        await _mfa.VerifyCodeAsync(To, code);

        _sandbox.ClearOutbox();

        Assert.That(_sandbox.Messages, Is.Empty);
        Assert.That(_sandbox.Verifications, Is.Empty);
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True, "a code sent before the clear still verifies");
    }

    [Test]
    public async Task Reset_forgets_lockouts()
    {
        await _mfa.SendSmsCodeAsync(To);
        var wrong = _sandbox.LastCodeTo(To) == "000000" ? "111111" : "000000";
        await _mfa.VerifyCodeAsync(To, wrong);
        await _mfa.VerifyCodeAsync(To, wrong);
        Assert.That(_sandbox.Lockouts, Has.Count.EqualTo(1));

        _sandbox.Reset();

        Assert.That(_sandbox.Lockouts, Is.Empty);
        Assert.That(_sandbox.Verifications, Is.Empty);
    }

    [Test]
    public async Task Unlock_ends_a_lockout_at_once_and_the_right_code_verifies_again_while_ClearOutbox_keeps_it()
    {
        using var otherAccount = NewService(_sandbox, o => o.AccountId = "9900001");
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);
        var wrong = code == "000000" ? "111111" : "000000";
        foreach (var client in new[] { _mfa, otherAccount })
        {
            await client.VerifyCodeAsync(To, wrong);
            await client.VerifyCodeAsync(To, wrong);
        }

        _sandbox.ClearOutbox();
        Assert.That(_sandbox.Lockouts.Select(l => l.AccountId), Is.EquivalentTo(new[] { MfaSandbox.ExampleAccountId, "9900001" }), "clearing the outbox keeps lockouts");
        var raised = 0;
        _sandbox.Changed += (_, _) => raised++;
        var version = _sandbox.Version;

        Assert.That(_sandbox.Unlock(To, MfaSandbox.ExampleAccountId), Is.EqualTo(1));

        Assert.That(_sandbox.Lockouts.Select(l => l.AccountId), Is.EqualTo(new[] { "9900001" }), "only that account's");
        Assert.That((raised, _sandbox.Version > version), Is.EqualTo((1, true)));
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True, "no cool-down to wait for");
        Assert.That(_sandbox.Unlock("+19195550000"), Is.Zero, "a number without wrong codes");
        Assert.That(raised, Is.EqualTo(2), "nothing changed, nothing raised");
        Assert.That(_sandbox.Unlock(To), Is.EqualTo(1), "every account: the other one");
        Assert.That(_sandbox.Lockouts, Is.Empty);
        Assert.Throws<ArgumentNullException>(() => _sandbox.Unlock(null!));
    }

    [Test]
    public async Task HistoryLimit_keeps_the_newest_entries_and_older_codes_still_verify()
    {
        var sandbox = NewSandbox(_clock, o => o.HistoryLimit = 3);
        using var mfa = NewService(sandbox);
        await mfa.SendSmsCodeAsync("+19195550001");
        var first = sandbox.LastCodeTo("+19195550001");
        for (var i = 2; i <= 5; i++)
        {
            await mfa.SendSmsCodeAsync("+1919555000" + i);
        }

        Assert.That(sandbox.Messages.Select(m => m.To), Is.EqualTo(new[] { "+19195550003", "+19195550004", "+19195550005" }));
        Assert.That(sandbox.Requests, Has.Count.EqualTo(3));
        Assert.That(await mfa.VerifyCodeAsync("+19195550001", first), Is.True, "the code left the outbox, not the service");
        Assert.That(sandbox.Verifications, Has.Count.EqualTo(1));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void HistoryLimit_below_one_is_refused_by_name(int limit)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MfaSandbox(new MfaSandboxOptions { HistoryLimit = limit }));
        Assert.That(error!.ParamName, Is.EqualTo(nameof(MfaSandboxOptions.HistoryLimit)));
    }
}
