using System;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Bandwidth.Mfa.Tests.Testing.SandboxFixture;

namespace Bandwidth.Mfa.Tests.Testing;

/// <summary>The sandbox behind the real client: sends, the outbox, and verification by code, time, scope and number.</summary>
public class MfaSandboxTests
{
    private FakeTimeProvider _clock = null!;
    private MfaSandbox _sandbox = null!;
    private MfaService _mfa = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = NewClock();
        _sandbox = NewSandbox(_clock);
        _mfa = NewService(_sandbox);
    }

    [TearDown]
    public void TearDown() => _mfa.Dispose();

    [Test]
    public async Task A_sent_code_is_in_the_outbox_and_verifies_true()
    {
        var sent = await _mfa.SendSmsCodeAsync(To);

        var message = _sandbox.LastMessageTo(To);
        Assert.That(message, Is.Not.Null);
        Assert.That(message!.Id, Is.EqualTo(sent.MessageId));
        Assert.That(message.Channel, Is.EqualTo(MfaSandboxChannel.Sms));
        Assert.That(message.Code, Does.Match("^[0-9]{6}$"));
        Assert.That(message.Text, Is.EqualTo("Your temporary Bandwidth MFA Sandbox 2FA code is " + message.Code));
        Assert.That(message.From, Is.EqualTo(MfaSandbox.ExampleFrom));
        Assert.That(message.ApplicationId, Is.EqualTo(MfaSandbox.ExampleMessagingApplicationId));
        Assert.That(message.AccountId, Is.EqualTo(MfaSandbox.ExampleAccountId));
        Assert.That(message.SentAt, Is.EqualTo(Start));
        Assert.That(_sandbox.LastCodeTo(To), Is.EqualTo(message.Code));

        Assert.That(await _mfa.VerifyCodeAsync(To, message.Code), Is.True);
    }

    [Test]
    public async Task A_message_id_has_the_published_shape()
    {
        var sent = await _mfa.SendSmsCodeAsync(To);

        // 1589228074636lm4k2je7j7jklbn2: Unix milliseconds, then 16 lowercase letters or digits.
        Assert.That(sent.MessageId, Does.Match("^[0-9]{13}[a-z0-9]{16}$"));
        Assert.That(sent.MessageId, Does.StartWith(Start.ToUnixTimeMilliseconds().ToString()));
    }

    [Test]
    public async Task A_voice_send_answers_a_call_id_of_the_published_shape_and_its_code_verifies()
    {
        var sent = await _mfa.SendVoiceCodeAsync(To);

        Assert.That(sent.CallId, Does.Match("^c-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"));
        var message = _sandbox.LastMessageTo(To)!;
        Assert.That(message.Channel, Is.EqualTo(MfaSandboxChannel.Voice));
        Assert.That(message.Id, Is.EqualTo(sent.CallId));
        Assert.That(message.ApplicationId, Is.EqualTo(MfaSandbox.ExampleVoiceApplicationId));
        Assert.That(await _mfa.VerifyCodeAsync(To, message.Code), Is.True);
    }

    [TestCase(4)]
    [TestCase(5)]
    [TestCase(8)]
    public async Task The_code_has_as_many_decimal_digits_as_asked(int digits)
    {
        for (var i = 0; i < 20; i++)
        {
            await _mfa.SendSmsCodeAsync(To, overrides: new MfaSendOverrides { Digits = digits });
        }

        Assert.That(_sandbox.Messages.Select(m => m.Code), Is.All.Match("^[0-9]{" + digits + "}$"));
        Assert.That(_sandbox.Messages.Select(m => m.Code).Distinct().Count(), Is.GreaterThan(1), "codes are random");
    }

    [Test]
    public async Task The_template_gets_code_name_and_scope_replaced_everywhere()
    {
        var sandbox = NewSandbox(_clock, o =>
        {
            o.ApplicationName = "Acme";
            o.ApplicationNames[MfaSandbox.ExampleMessagingApplicationId] = "Acme Login";
            o.CodeGenerator = digits => new string('7', digits);
        });
        using var mfa = NewService(sandbox);

        await mfa.SendSmsCodeAsync(To, "signup", new MfaSendOverrides { Message = "{NAME}/{SCOPE}: {CODE} ({CODE}) {OTHER}", Digits = 4 });

        Assert.That(sandbox.LastMessageTo(To)!.Text, Is.EqualTo("Acme Login/signup: 7777 (7777) {OTHER}"));
        Assert.That(sandbox.LastMessageTo(To)!.Scope, Is.EqualTo("signup"));
    }

    [Test]
    public async Task A_wrong_code_verifies_false()
    {
        await _mfa.SendSmsCodeAsync(To);
        var wrong = Wrong(_sandbox.LastCodeTo(To));

        Assert.That(await _mfa.VerifyCodeAsync(To, wrong), Is.False);
    }

    [Test]
    public async Task A_code_verifies_until_the_expiration_time_and_not_after()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);

        _clock.Advance(TimeSpan.FromMinutes(3));
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True, "exactly 3 minutes old, with expirationTimeInMinutes 3");

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.False, "3 minutes and a second old");
        Assert.That(await _mfa.VerifyCodeAsync(To, code, overrides: new MfaVerifyOverrides { ExpirationTimeInMinutes = 4 }), Is.True,
            "the verifier chooses the window on each call");
    }

    [Test]
    public async Task A_fractional_expiration_time_is_honoured()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);
        _clock.Advance(TimeSpan.FromSeconds(91));

        Assert.That(await _mfa.VerifyCodeAsync(To, code, overrides: new MfaVerifyOverrides { ExpirationTimeInMinutes = 1.5 }), Is.False);
        Assert.That(await _mfa.VerifyCodeAsync(To, code, overrides: new MfaVerifyOverrides { ExpirationTimeInMinutes = 1.6 }), Is.True);
    }

    [Test]
    public async Task A_code_verifies_only_for_the_scope_it_was_sent_with()
    {
        await _mfa.SendSmsCodeAsync(To, "login");
        var code = _sandbox.LastCodeTo(To, "login");

        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.False, "no scope means 2FA");
        Assert.That(await _mfa.VerifyCodeAsync(To, code, "payment"), Is.False);
        Assert.That(await _mfa.VerifyCodeAsync(To, code, "login"), Is.True);
    }

    [Test]
    public async Task A_send_without_scope_is_the_2FA_scope()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To, "2FA");

        Assert.That(_sandbox.LastMessageTo(To)!.Scope, Is.EqualTo(MfaSandbox.DefaultScope));
        Assert.That(await _mfa.VerifyCodeAsync(To, code, "2FA"), Is.True);
    }

    [Test]
    public async Task A_code_verifies_only_for_its_number_and_account()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);

        Assert.That(await _mfa.VerifyCodeAsync("+19195550000", code), Is.False);
        Assert.That(await _mfa.VerifyCodeAsync(To, code, overrides: new MfaVerifyOverrides { AccountId = "1234567" }), Is.False);
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True);
    }

    [Test]
    public async Task Every_code_sent_within_the_window_stays_valid_by_default()
    {
        await _mfa.SendSmsCodeAsync(To);
        var first = _sandbox.LastCodeTo(To);
        await _mfa.SendSmsCodeAsync(To);
        var second = _sandbox.LastCodeTo(To);

        Assert.That(_sandbox.MessagesTo(To).Select(m => m.Code), Is.EqualTo(new[] { first, second }));
        Assert.That(await _mfa.VerifyCodeAsync(To, first), Is.True);
        Assert.That(await _mfa.VerifyCodeAsync(To, second), Is.True);
        Assert.That(await _mfa.VerifyCodeAsync(To, second), Is.True, "reusable unless SingleUseCodes");
    }

    [Test]
    public async Task With_single_use_codes_a_code_verifies_once()
    {
        var sandbox = NewSandbox(_clock, o => o.SingleUseCodes = true);
        using var mfa = NewService(sandbox);
        await mfa.SendSmsCodeAsync(To);
        var code = sandbox.LastCodeTo(To);

        Assert.That(await mfa.VerifyCodeAsync(To, code), Is.True);
        Assert.That(await mfa.VerifyCodeAsync(To, code), Is.False);
    }

    [Test]
    public async Task Too_many_wrong_codes_answer_429_with_the_vendor_error_until_the_cool_down_passed()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(await _mfa.VerifyCodeAsync(To, Wrong(code)), Is.False, "wrong attempt " + (i + 1));
        }

        var first = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.VerifyCodeAsync(To, code));
        Assert.That(first!.Status, Is.EqualTo(429));
        Assert.That(first.IsRateLimited, Is.True);
        Assert.That(first.Result.Error, Is.EqualTo("This number has exceeded verification attempts, please wait 2 minutes"));
        Assert.That(Guid.TryParse(first.Result.RequestId, out _), Is.True);

        _clock.Advance(TimeSpan.FromSeconds(119));
        var second = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => _mfa.VerifyCodeAsync(To, code));
        Assert.That(second!.Result.Error, Does.EndWith("please wait 1 second"));
        Assert.That(second.RequestId, Is.Not.EqualTo(first.RequestId), "each answer has a fresh request id");
        Assert.That(await _mfa.VerifyCodeAsync("+19195550000", "123456"), Is.False, "other numbers are not blocked");

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True, "cleared after the cool-down");
    }

    [Test]
    public async Task The_limit_and_cool_down_are_configurable_and_a_right_code_resets_the_count()
    {
        var sandbox = NewSandbox(_clock, o =>
        {
            o.MaxFailedVerifications = 2;
            o.VerificationCoolDown = TimeSpan.FromSeconds(30);
        });
        using var mfa = NewService(sandbox);
        await mfa.SendSmsCodeAsync(To);
        var code = sandbox.LastCodeTo(To);

        Assert.That(await mfa.VerifyCodeAsync(To, Wrong(code)), Is.False);
        Assert.That(await mfa.VerifyCodeAsync(To, code), Is.True, "resets the count");
        Assert.That(await mfa.VerifyCodeAsync(To, Wrong(code)), Is.False);
        Assert.That(await mfa.VerifyCodeAsync(To, Wrong(code)), Is.False);
        var blocked = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => mfa.VerifyCodeAsync(To, code));
        Assert.That(blocked!.Result.Error, Does.EndWith("please wait 30 seconds"));

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(await mfa.VerifyCodeAsync(To, code), Is.True);
    }

    [Test]
    public async Task LastCodeTo_explains_when_nothing_was_sent()
    {
        await _mfa.SendSmsCodeAsync(To);

        var ex = Assert.Throws<InvalidOperationException>(() => _sandbox.LastCodeTo("+14155550100"));
        Assert.That(ex!.Message, Does.Contain("+1********00").And.Contain("1 message(s)").And.Not.Contain("+14155550100"));
        Assert.Throws<InvalidOperationException>(() => _sandbox.LastCodeTo(To, "other-scope"));
        Assert.That(_sandbox.LastMessageTo("+14155550100"), Is.Null);
    }

    [Test]
    public async Task ClearOutbox_empties_the_outbox_but_codes_stay_valid_and_Reset_forgets_them()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = _sandbox.LastCodeTo(To);

        _sandbox.ClearOutbox();
        Assert.That(_sandbox.Messages, Is.Empty);
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True);

        _sandbox.Reset();
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.False);
        Assert.That(_sandbox.Requests, Has.Count.EqualTo(1), "the log restarted at Reset");
    }

    [Test]
    public async Task The_request_log_names_each_operation_and_status_without_secrets()
    {
        await _mfa.SendSmsCodeAsync(To);
        await _mfa.SendVoiceCodeAsync(To);
        await _mfa.VerifyCodeAsync(To, "0000");

        Assert.That(_sandbox.Requests.Select(r => (r.Operation, r.StatusCode, r.AuthenticationScheme, r.AccountId)), Is.EqualTo(new[]
        {
            (MfaSandboxOperation.GenerateMessagingCode, (int?)200, "Basic", MfaSandbox.ExampleAccountId),
            (MfaSandboxOperation.GenerateVoiceCode, (int?)200, "Basic", MfaSandbox.ExampleAccountId),
            (MfaSandboxOperation.VerifyCode, (int?)200, "Basic", MfaSandbox.ExampleAccountId),
        }));
    }

    [Test]
    public void Options_out_of_range_are_refused_when_the_sandbox_is_created()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MfaSandbox(new MfaSandboxOptions { MaxFailedVerifications = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MfaSandbox(new MfaSandboxOptions { TokenLifetime = TimeSpan.Zero }));
    }

    [Test]
    public async Task A_code_generator_that_breaks_its_contract_is_reported()
    {
        var sandbox = NewSandbox(_clock, o => o.CodeGenerator = _ => "12ab56");
        using var mfa = NewService(sandbox);

        // The sandbox is the primary handler: its failure reaches the caller inside the family, the cause kept.
        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => mfa.SendSmsCodeAsync(To));
        Assert.That(ex!.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(ex.InnerException!.Message, Does.Contain("CodeGenerator"));
    }

    /// <summary>A code of the same length that differs in every digit.</summary>
    internal static string Wrong(string code) => new(code.Select(c => (char)('0' + ((c - '0' + 5) % 10))).ToArray());
}
