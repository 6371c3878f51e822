using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using Newtonsoft.Json.Linq;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Bridge;

/// <summary>One server process, two separate clients: what one sends, the other verifies; the JSON API sees both.</summary>
public class SharedStateTests : SharedServerFixture
{
    [Test]
    public async Task A_code_sent_by_one_client_verifies_through_another()
    {
        using var sender = Client(Server);
        using var verifier = Client(Server);
        using var http = Http(Server);

        var sent = await sender.SendSmsCodeAsync(To);
        var (status, last, _) = await GetAsync(http, "sandbox/api/numbers/" + To + "/last-code");

        Assert.That(status, Is.EqualTo(200));
        var code = (string)last!["code"]!;
        Assert.That(code, Does.Match("^[0-9]{6}$"));
        Assert.That((string?)last["id"], Is.EqualTo(sent.MessageId));
        Assert.That((string?)last["text"], Does.EndWith(code));
        Assert.That((string?)last["channel"], Is.EqualTo("sms"));
        Assert.That((string?)last["to"], Is.EqualTo(To));
        Assert.That(await verifier.VerifyCodeAsync(To, code), Is.True);
        Assert.That(await verifier.VerifyCodeAsync(To, code == "000000" ? "111111" : "000000"), Is.False);
    }

    [Test]
    public async Task A_voice_code_sent_by_one_client_verifies_through_another()
    {
        using var sender = Client(Server);
        using var verifier = Client(Server);
        using var http = Http(Server);

        var sent = await sender.SendVoiceCodeAsync(To);
        var (_, last, _) = await GetAsync(http, "sandbox/api/numbers/" + To + "/last-code");

        Assert.That((string?)last!["channel"], Is.EqualTo("voice"));
        Assert.That((string?)last["id"], Is.EqualTo(sent.CallId));
        Assert.That(await verifier.VerifyCodeAsync(To, (string)last["code"]!), Is.True);
    }

    [Test]
    public async Task Fifty_sends_from_each_of_two_clients_all_reach_one_outbox_and_verify_through_the_other_client()
    {
        using var a = Client(Server);
        using var b = Client(Server);
        using var http = Http(Server);
        var numbers = Enumerable.Range(0, 100).Select(i => "+1919555" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        await Task.WhenAll(numbers.Select((number, i) => (i % 2 == 0 ? a : b).SendSmsCodeAsync(number)));
        var (_, outbox, _) = await GetAsync(http, "sandbox/api/outbox?limit=1000");
        var codes = ((JArray)outbox!["messages"]!).ToDictionary(m => (string)m["to"]!, m => (string)m["code"]!);

        Assert.That(codes.Keys, Is.EquivalentTo(numbers));
        var results = await Task.WhenAll(numbers.Select((number, i) => (i % 2 == 0 ? b : a).VerifyCodeAsync(number, codes[number])));
        Assert.That(results, Is.All.True);
        var (_, after, _) = await GetAsync(http, "sandbox/api/outbox?limit=1000");
        Assert.That(((JArray)after!["verifications"]!).Select(v => (string?)v["result"]), Has.Exactly(100).EqualTo("valid"));
    }

    [Test]
    public async Task OAuth2_client_credentials_get_a_token_from_theServer_and_the_token_works_for_another_call()
    {
        using var oauth = Client(Server, o =>
        {
            o.Username = null;
            o.Password = null;
            o.ClientId = "sandbox-client";
            o.ClientSecret = "sandbox-secret";
        });
        using var basic = Client(Server);
        using var http = Http(Server);

        await oauth.SendSmsCodeAsync(To);
        var code = (string)(await GetAsync(http, "sandbox/api/numbers/" + To + "/last-code")).Json!["code"]!;

        Assert.That(await oauth.VerifyCodeAsync(To, code), Is.True, "the bearer token the server issued is accepted by the same server");
        Assert.That(await basic.VerifyCodeAsync(To, code), Is.True);
    }

    [Test]
    public async Task Wrong_codes_lock_the_number_out_and_the_JSON_API_shows_the_attempts_and_the_lockout()
    {
        using var mfa = Client(Server);
        using var http = Http(Server);
        await mfa.SendSmsCodeAsync(To);
        var code = (string)(await GetAsync(http, "sandbox/api/numbers/" + To + "/last-code")).Json!["code"]!;
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
        {
            Assert.That(await mfa.VerifyCodeAsync(To, wrong), Is.False);
        }

        var locked = await Assert.CatchAsync<MfaApiException>(() => mfa.VerifyCodeAsync(To, code));
        Assert.That(locked!.Status, Is.EqualTo(429));

        var (_, outbox, _) = await GetAsync(http, "sandbox/api/outbox?to=%2B19195551234");
        var results = ((JArray)outbox!["verifications"]!).Select(v => (string?)v["result"]).ToArray();
        Assert.That(results, Is.EqualTo(new[] { "lockedOut", "invalid", "invalid", "invalid", "invalid", "invalid" }), "newest first");
        var lockout = ((JArray)outbox["lockouts"]!).Single();
        Assert.That((string?)lockout["to"], Is.EqualTo(To));
        Assert.That((int)lockout["failedAttempts"]!, Is.EqualTo(5));
        var until = lockout["until"]!.ToObject<DateTimeOffset>();
        var now = outbox["now"]!.ToObject<DateTimeOffset>();
        Assert.That(until - now, Is.GreaterThan(TimeSpan.Zero).And.AtMost(TimeSpan.FromMinutes(2)), "the default two-minute cool-down, counting down");
    }
}
