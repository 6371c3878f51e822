using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Bandwidth.Mfa.AspNetCore.Identity.Tests;

/// <summary>The providers through UserManager's own call paths, on the EF Core stores and the sandbox.</summary>
public class TokenProviderTests
{
    private const string Phone = "+19195551234";
    private const string NewPhone = "+14155550100";
    private IdentityHost _host = null!;

    [SetUp]
    public void SetUp() => _host = new IdentityHost();

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private UserManager<IdentityUser> Users => _host.Users;

    private MfaSandbox Sandbox => _host.Sandbox;

    private int VerifyCalls => Sandbox.Requests.Count(r => r.Operation == MfaSandboxOperation.VerifyCode);

    private static string Wrong(string code) => code == "111111" ? "222222" : "111111";

    [Test]
    public void Registration_adds_both_providers_and_makes_SMS_confirm_phone_numbers()
    {
        var identity = _host.Services.GetRequiredService<IOptions<IdentityOptions>>().Value;

        Assert.That(identity.Tokens.ProviderMap.Keys, Does.Contain(MfaTokenProviders.Sms).And.Contain(MfaTokenProviders.Voice));
        Assert.That(identity.Tokens.ChangePhoneNumberTokenProvider, Is.EqualTo(MfaTokenProviders.Sms));
    }

    [TestCase(MfaTokenProviders.Voice, MfaTokenProviders.Voice)]
    [TestCase(null, "Phone")]
    public async Task The_phone_confirmation_provider_is_a_setting(string? chosen, string expected)
    {
        await using var host = new IdentityHost(o => o.ChangePhoneNumberProvider = chosen);

        Assert.That(host.Services.GetRequiredService<IOptions<IdentityOptions>>().Value.Tokens.ChangePhoneNumberTokenProvider, Is.EqualTo(expected));
    }

    [Test]
    public async Task Two_factor_by_SMS_sends_to_the_users_number_returns_the_marker_and_verifies_once()
    {
        var user = await _host.UserAsync("ana");

        var marker = await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);

        Assert.That(marker, Is.EqualTo(MfaTokenProviders.SentMarker));
        var message = Sandbox.Messages.Single();
        Assert.That(message.Channel, Is.EqualTo(MfaSandboxChannel.Sms));
        Assert.That(message.To, Is.EqualTo(Phone));
        Assert.That(message.Scope, Does.Match("^login-[a-z2-7]{18}$"));
        Assert.That(marker, Does.Not.Contain(message.Code));
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, message.Code), Is.True);
        Assert.That(Sandbox.Verifications.Single().Scope, Is.EqualTo(message.Scope));
    }

    [Test]
    public async Task Two_factor_by_voice_calls_the_users_number()
    {
        var user = await _host.UserAsync("ana");

        Assert.That(await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Voice), Is.EqualTo(MfaTokenProviders.SentMarker));

        var call = Sandbox.Messages.Single();
        Assert.That(call.Channel, Is.EqualTo(MfaSandboxChannel.Voice));
        Assert.That(call.To, Is.EqualTo(Phone));
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Voice, call.Code), Is.True);
    }

    [Test]
    public async Task A_wrong_code_is_false()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, Wrong(Sandbox.LastCodeTo(Phone, Sandbox.Messages[0].Scope))), Is.False);
        Assert.That(VerifyCalls, Is.EqualTo(1));
    }

    [Test]
    public async Task A_used_code_cannot_be_replayed_although_the_service_would_accept_it_again()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = Sandbox.Messages.Single().Code;
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code), Is.True);

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code), Is.False);
        Assert.That(VerifyCalls, Is.EqualTo(1), "the used code is refused without asking the service");
    }

    [Test]
    public async Task Only_the_newest_code_works_after_a_fall_back_to_voice()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Voice);
        var sms = Sandbox.Messages[0];
        var voice = Sandbox.Messages[1];
        Assert.That(voice.Scope, Is.Not.EqualTo(sms.Scope));

        if (sms.Code != voice.Code)
        {
            Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Voice, sms.Code), Is.False);
        }

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Voice, voice.Code), Is.True);
    }

    [Test]
    public async Task Phone_confirmation_sends_to_the_new_number_and_ChangePhoneNumberAsync_sets_it_confirms_it_and_rotates_the_stamp()
    {
        var user = await _host.UserAsync("ana", phone: null);
        var stamp = await Users.GetSecurityStampAsync(user);

        Assert.That(await Users.GenerateChangePhoneNumberTokenAsync(user, NewPhone), Is.EqualTo(MfaTokenProviders.SentMarker));
        var message = Sandbox.Messages.Single();
        Assert.That(message.To, Is.EqualTo(NewPhone));
        Assert.That(message.Scope, Does.Match("^phone-[a-z2-7]{18}$"));

        var result = await Users.ChangePhoneNumberAsync(user, NewPhone, message.Code);

        Assert.That(result.Succeeded, Is.True);
        var stored = await Users.FindByIdAsync(user.Id);
        Assert.That(stored!.PhoneNumber, Is.EqualTo(NewPhone));
        Assert.That(stored.PhoneNumberConfirmed, Is.True);
        Assert.That(stored.SecurityStamp, Is.Not.EqualTo(stamp));
    }

    [Test]
    public async Task A_phone_confirmation_code_can_never_sign_in()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateChangePhoneNumberTokenAsync(user, Phone);
        var code = Sandbox.Messages.Single().Code;

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code), Is.False);
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Voice, code), Is.False);
    }

    [Test]
    public async Task A_sign_in_code_can_never_confirm_a_number()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = Sandbox.Messages.Single().Code;

        Assert.That((await Users.ChangePhoneNumberAsync(user, Phone, code)).Succeeded, Is.False);
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code), Is.True, "still good for what it was sent for");
    }

    [Test]
    public async Task A_confirmation_code_for_one_number_does_not_confirm_another()
    {
        var user = await _host.UserAsync("ana", phone: null);
        await Users.GenerateChangePhoneNumberTokenAsync(user, NewPhone);
        var code = Sandbox.Messages.Single().Code;

        Assert.That((await Users.ChangePhoneNumberAsync(user, "+14155550199", code)).Succeeded, Is.False);
        Assert.That((await Users.FindByIdAsync(user.Id))!.PhoneNumber, Is.Null);
    }

    [Test]
    public async Task Another_users_code_for_the_same_number_never_works()
    {
        var ana = await _host.UserAsync("ana");
        var bob = await _host.UserAsync("bob");
        await Users.GenerateTwoFactorTokenAsync(ana, MfaTokenProviders.Sms);
        await Users.GenerateTwoFactorTokenAsync(bob, MfaTokenProviders.Sms);
        var anasCode = Sandbox.Messages[0].Code;
        var bobsCode = Sandbox.Messages[1].Code;
        Assume.That(anasCode, Is.Not.EqualTo(bobsCode));

        Assert.That(await Users.VerifyTwoFactorTokenAsync(bob, MfaTokenProviders.Sms, anasCode), Is.False);
        Assert.That(await Users.VerifyTwoFactorTokenAsync(ana, MfaTokenProviders.Sms, anasCode), Is.True);
    }

    [Test]
    public async Task A_rotated_security_stamp_voids_a_pending_code()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = Sandbox.Messages.Single().Code;

        IdentityHost.Check(await Users.UpdateSecurityStampAsync(user));

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code), Is.False);
    }

    [Test]
    public async Task A_pending_confirmation_is_voided_when_the_number_changes_through_another_path()
    {
        var user = await _host.UserAsync("ana", phone: null);
        await Users.GenerateChangePhoneNumberTokenAsync(user, NewPhone);
        var code = Sandbox.Messages.Single().Code;
        IdentityHost.Check(await Users.SetPhoneNumberAsync(user, "+14155550199"));

        Assert.That((await Users.ChangePhoneNumberAsync(user, NewPhone, code)).Succeeded, Is.False);
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("123")]
    [TestCase("123456789")]
    [TestCase("12ab56")]
    [TestCase(MfaTokenProviders.SentMarker)]
    public async Task Empty_short_oversized_or_non_digit_codes_are_false_without_a_call(string? typed)
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, typed!), Is.False);
        Assert.That(VerifyCalls, Is.Zero);
    }

    [Test]
    public async Task A_huge_code_is_false_without_a_call()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, new string('1', 100_000)), Is.False);
        Assert.That(VerifyCalls, Is.Zero);
    }

    [Test]
    public async Task Spaces_and_dashes_a_user_types_are_dropped()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = Sandbox.Messages.Single().Code;

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, " " + code.Substring(0, 3) + "-" + code.Substring(3) + " "), Is.True);
    }

    [Test]
    public async Task Without_a_pending_send_a_code_is_false_without_a_call()
    {
        var user = await _host.UserAsync("ana");

        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, "123456"), Is.False);
        Assert.That(VerifyCalls, Is.Zero);
    }

    [Test]
    public async Task Only_a_confirmed_E164_number_offers_the_providers_for_two_factor()
    {
        var confirmed = await _host.UserAsync("ana");
        var unconfirmed = await _host.UserAsync("bob", confirmed: false);
        var none = await _host.UserAsync("cy", phone: null);
        var local = await _host.UserAsync("di", phone: "919-555-1234");

        Assert.That(await Users.GetValidTwoFactorProvidersAsync(confirmed), Does.Contain(MfaTokenProviders.Sms).And.Contain(MfaTokenProviders.Voice));
        Assert.That(await Users.GetValidTwoFactorProvidersAsync(unconfirmed), Does.Not.Contain(MfaTokenProviders.Sms));
        Assert.That(await Users.GetValidTwoFactorProvidersAsync(none), Does.Not.Contain(MfaTokenProviders.Voice));
        Assert.That(await Users.GetValidTwoFactorProvidersAsync(local), Does.Not.Contain(MfaTokenProviders.Sms));
    }

    [Test]
    public async Task A_user_without_a_number_gets_a_clear_error_and_nothing_is_sent()
    {
        var user = await _host.UserAsync("ana", phone: null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms));
        Assert.That(error!.Message, Does.Contain("E.164").And.Contain("nothing was sent"));
        Assert.That(Sandbox.Requests, Is.Empty);
        await Task.CompletedTask;
    }

    [Test]
    public async Task Too_many_wrong_codes_throw_a_lockout_with_when_to_retry_and_no_number_or_code()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = Sandbox.Messages.Single().Code;
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, Wrong(code)), Is.False);
        }

        var error = await Assert.ThrowsAsync<MfaIdentityException>(() => Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code));

        Assert.That(error!.Failure, Is.EqualTo(MfaIdentityFailure.LockedOut));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(error.RetryAt, Is.EqualTo(IdentityHost.Start + TimeSpan.FromMinutes(2)));
        Assert.That(error.Message, Is.EqualTo("Too many wrong codes for this phone number; try again in 2 minutes."));
        Assert.That(error.ToString(), Does.Not.Contain(Phone).And.Not.Contain(code));

        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code), Is.True, "the pending send survives the lockout");
    }

    [Test]
    public async Task An_outage_on_verify_is_an_Unavailable_exception_with_the_cause_inside()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = Sandbox.Messages.Single().Code;
        Sandbox.FailNext(MfaSandboxFailure.ServiceUnavailable(TimeSpan.FromSeconds(30)), operation: MfaSandboxOperation.VerifyCode);

        var error = await Assert.ThrowsAsync<MfaIdentityException>(() => Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code));

        Assert.That(error!.Failure, Is.EqualTo(MfaIdentityFailure.Unavailable));
        Assert.That(error.InnerException, Is.InstanceOf<MfaApiException>());
        Assert.That(error.Status, Is.EqualTo(503));
        Assert.That(error.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(error.Message, Does.StartWith("The verification service could not be reached"));
        Assert.That(error.ToString(), Does.Not.Contain(Phone).And.Not.Contain(code));
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code), Is.True, "the code still works once the service is back");
    }

    [Test]
    public async Task An_outage_on_send_is_an_Unavailable_exception()
    {
        var user = await _host.UserAsync("ana");
        Sandbox.FailNext(MfaSandboxFailure.ConnectionFailure(), operation: MfaSandboxOperation.GenerateMessagingCode);

        var error = await Assert.ThrowsAsync<MfaIdentityException>(() => Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms));

        Assert.That(error!.Failure, Is.EqualTo(MfaIdentityFailure.Unavailable));
        Assert.That(error.InnerException, Is.InstanceOf<MfaTransportException>());
        Assert.That(Sandbox.Messages, Is.Empty);
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_requests_abort_token_cancels_a_send()
    {
        var user = await _host.UserAsync("ana");
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        _host.SetRequest(new DefaultHttpContext { RequestAborted = aborted.Token });

        await Assert.CatchAsync<OperationCanceledException>(() => Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms));
        Assert.That(Sandbox.Messages, Is.Empty);
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_requests_abort_token_cancels_a_verify()
    {
        var user = await _host.UserAsync("ana");
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        using var aborted = new CancellationTokenSource();
        aborted.Cancel();
        _host.SetRequest(new DefaultHttpContext { RequestAborted = aborted.Token });

        await Assert.CatchAsync<OperationCanceledException>(() => Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, Sandbox.Messages[0].Code));
        Assert.That(VerifyCalls, Is.Zero);
    }

    [Test]
    public async Task A_named_client_sends_and_verifies_on_its_own_account()
    {
        var brand = new MfaSandbox(new MfaSandboxOptions { TimeProvider = _host.Clock });
        await using var host = new IdentityHost(o => o.ClientName = "brand", s => s.AddBandwidthMfa("brand", o => IdentityHost.SandboxClient(o, brand)).UseSandbox(brand));
        var user = await host.UserAsync("ana");

        await host.Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);

        Assert.That(host.Sandbox.Messages, Is.Empty);
        Assert.That(await host.Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, brand.Messages.Single().Code), Is.True);
    }

    [Test]
    public async Task Nothing_logged_holds_a_number_or_a_code()
    {
        var user = await _host.UserAsync("ana", phone: null);
        await Users.GenerateChangePhoneNumberTokenAsync(user, NewPhone);
        var confirm = Sandbox.Messages.Last().Code;
        Assert.That((await Users.ChangePhoneNumberAsync(user, NewPhone, Wrong(confirm))).Succeeded, Is.False);
        Assert.That((await Users.ChangePhoneNumberAsync(user, NewPhone, confirm)).Succeeded, Is.True);
        await Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var login = Sandbox.Messages.Last().Code;
        Assert.That(await Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, login), Is.True);

        var ours = _host.Logs.Where(l => !l.StartsWith("Microsoft.AspNetCore.Identity.UserManager", StringComparison.Ordinal)).ToArray();
        Assert.That(ours, Is.Not.Empty);
        foreach (var line in ours)
        {
            Assert.That(line, Does.Not.Contain(NewPhone).And.Not.Contain(confirm).And.Not.Contain(login));
        }
    }
}
