using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Convenience;

/// <summary>The short calls must put exactly the same request on the wire as the full calls with the defaults filled in.</summary>
public class MfaServiceTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa()
        .Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}")
        .Answer("/code/voice", HttpStatusCode.OK, "{\"callId\":\"c-1\"}")
        .Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":false}");

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private MfaService CreateService(Action<MfaOptions>? change = null)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "tkn", ExpirationTimeInMinutes = 3 };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        options.Messaging.Message = Requests.Message;
        options.Voice.From = Requests.From;
        options.Voice.ApplicationId = Requests.ApplicationId;
        options.Voice.Message = Requests.Message;
        change?.Invoke(options);
        return MfaService.Create(options, _mock.Handler);
    }

    private async Task<(RecordedRequest Short, RecordedRequest Full)> Pair(Func<MfaService, Task> shortCall, Func<IMfaClient, Task> fullCall)
    {
        using var service = CreateService();
        await shortCall(service);
        await fullCall(service.Client);
        var requests = _mock.Requests.ToArray();
        Assert.That(requests, Has.Length.EqualTo(2));
        return (requests[0], requests[1]);
    }

    [Test]
    public async Task SendSmsCodeAsync_matches_the_full_messaging_call()
    {
        var (shortForm, full) = await Pair(s => s.SendSmsCodeAsync(Requests.To), c => c.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code()));

        Assert.That(shortForm, Is.EqualTo(full).Using<RecordedRequest>(SameWire));
        Assert.That(shortForm.Body, Is.EqualTo(Requests.CodeJsonWithoutScope));
    }

    [Test]
    public async Task SendVoiceCodeAsync_with_scope_matches_the_full_voice_call()
    {
        var (shortForm, full) = await Pair(s => s.SendVoiceCodeAsync(Requests.To, "2FA"), c => c.GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code("2FA")));

        Assert.That(shortForm, Is.EqualTo(full).Using<RecordedRequest>(SameWire));
        Assert.That(shortForm.Uri, Does.EndWith("/code/voice"));
    }

    [Test]
    public async Task VerifyCodeAsync_matches_the_full_verify_call_and_returns_valid()
    {
        using var service = CreateService();
        var valid = await service.VerifyCodeAsync(Requests.To, "123456");
        await service.Client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());

        var requests = _mock.Requests.ToArray();
        Assert.That(valid, Is.False);
        Assert.That(requests[0], Is.EqualTo(requests[1]).Using<RecordedRequest>(SameWire));
        Assert.That(requests[0].Body, Is.EqualTo(Requests.VerifyJsonWithoutScope));
    }

    [Test]
    public async Task Overrides_replace_each_default_for_one_call()
    {
        using var service = CreateService();
        await service.SendSmsCodeAsync(Requests.To, "login", new MfaSendOverrides
        {
            AccountId = "other-account",
            From = "+14155550100",
            ApplicationId = "app-2",
            Message = "{CODE} is your code",
            Digits = 4,
        });
        await service.VerifyCodeAsync(Requests.To, "1234", "login", new MfaVerifyOverrides { AccountId = "other-account", ExpirationTimeInMinutes = 10 });

        var requests = _mock.Requests.ToArray();
        Assert.That(requests[0].Uri, Is.EqualTo(MockMfa.BaseUrl + "accounts/other-account/code/messaging"));
        Assert.That(requests[0].Body, Is.EqualTo("{\"to\":\"+19195551234\",\"from\":\"+14155550100\",\"applicationId\":\"app-2\",\"scope\":\"login\",\"message\":\"{CODE} is your code\",\"digits\":4}"));
        Assert.That(requests[1].Uri, Is.EqualTo(MockMfa.BaseUrl + "accounts/other-account/code/verify"));
        Assert.That(requests[1].Body, Is.EqualTo("{\"to\":\"+19195551234\",\"scope\":\"login\",\"expirationTimeInMinutes\":10.0,\"code\":\"1234\"}"));
    }

    [Test]
    public async Task The_configured_scope_is_used_by_send_and_verify_alike()
    {
        using var service = CreateService(o => o.Scope = "login");
        await service.SendSmsCodeAsync(Requests.To);
        await service.VerifyCodeAsync(Requests.To, "123456");
        await service.VerifyCodeAsync(Requests.To, "123456", scope: "other");

        var bodies = _mock.Requests.Select(r => r.Body).ToArray();
        Assert.That(bodies[0], Does.Contain("\"scope\":\"login\""));
        Assert.That(bodies[1], Is.EqualTo("{\"to\":\"+19195551234\",\"scope\":\"login\",\"expirationTimeInMinutes\":3.0,\"code\":\"123456\"}"));
        Assert.That(bodies[2], Does.Contain("\"scope\":\"other\""));
    }

    [Test]
    public async Task A_channel_the_client_was_not_configured_for_is_a_configuration_error_naming_the_setting_never_a_validation_error()
    {
        // An SMS-only client: Voice is not configured, which start-up accepts.
        using var service = CreateService(o =>
        {
            o.Voice.From = null;
            o.Voice.ApplicationId = null;
        });

        var ex = await Assert.ThrowsAsync<MfaConfigurationException>(() => service.SendVoiceCodeAsync(Requests.To));

        Assert.That(ex!.Setting, Is.EqualTo("Voice:From"));
        Assert.That(ex.Operation, Is.EqualTo("generateVoiceCode"));
        Assert.That(ex.RequestMayHaveReachedServer, Is.False);
        Assert.That(ex.Message, Does.Contain("'Voice:From'").And.Contain("MfaSendOverrides.From"));
        Assert.That(ex, Is.Not.InstanceOf<ArgumentException>());
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    [Test]
    public void Create_rejects_invalid_options_with_the_setting_named()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            MfaService.Create(new MfaOptions { AccountId = "1", Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } }, _mock.Handler));

        Assert.That(ex!.Message, Does.Contain("authentication is not configured"));
    }

    private static bool SameWire(RecordedRequest a, RecordedRequest b) =>
        a.Method == b.Method && a.Uri == b.Uri && a.Body == b.Body && a.ContentType == b.ContentType
        && a.Accept == b.Accept && a.Authorization == b.Authorization;
}
