using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Bandwidth.Mfa.Testing.Internal;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Bandwidth.Mfa.Tests.Testing.SandboxFixture;

namespace Bandwidth.Mfa.Tests.Testing;

/// <summary>
/// The sandbox's memory is bounded by its history limit plus what is still live: stored codes leave once no verification
/// could accept them (15 minutes), wrong-code counts once their cool-down has passed or a right code cleared them, and
/// issued tokens are not stored at all. All on the sandbox's clock, with no timer: whatever the sandbox is asked next
/// drops what expired.
/// </summary>
public class SandboxMemoryTests
{
    private const string Messaging = "accounts/9900000/code/messaging";
    private const string Verify = "accounts/9900000/code/verify";
    private const string TokenUrl = "https://api.bandwidth.com/api/v1/oauth2/token";

    [Test]
    public async Task A_flood_of_sends_wrong_codes_and_token_requests_leaves_only_the_history_once_it_expired()
    {
        const int Rounds = 1_000;
        var clock = NewClock();
        var sandbox = NewSandbox(clock, o => o.HistoryLimit = 100);
        using var http = RawClient(sandbox);
        using var tokens = RawClient(sandbox, Basic("any-client", "any-secret"));

        for (var i = 0; i < Rounds; i++)
        {
            Assert.That((await PostAsync(http, Messaging, SendJson.Replace("+19195551234", Number(i)))).Status, Is.EqualTo(200));
            Assert.That((await PostAsync(http, Verify, VerifyJson(Number(Rounds + i), "000000"))).Status, Is.EqualTo(200));
            using var form = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("grant_type", "client_credentials") });
            using var token = await tokens.PostAsync(TokenUrl, form);
            Assert.That((int)token.StatusCode, Is.EqualTo(200));
        }

        var live = sandbox.StateCounts;
        Assert.That((live.Codes, live.CodeKeys, live.AttemptCounters), Is.EqualTo((Rounds, Rounds, Rounds)), "all of it could still matter");
        Assert.That((live.Messages, live.Verifications, live.Requests), Is.EqualTo((100, 100, 100)), "the histories keep their limit");

        clock.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromTicks(1));
        Assert.That((await PostAsync(http, Messaging, SendJson)).Status, Is.EqualTo(200), "any request that stores something drops what expired");

        var after = sandbox.StateCounts;
        Assert.That((after.Codes, after.CodeKeys, after.AttemptCounters, after.QueuedWrongCodes), Is.EqualTo((1, 1, 0, 0)));
        Assert.That((after.Messages, after.Verifications, after.Requests), Is.EqualTo((100, 100, 100)));
    }

    [Test]
    public async Task A_code_stays_stored_exactly_as_long_as_a_verification_could_accept_it()
    {
        var clock = NewClock();
        var sandbox = NewSandbox(clock, o => o.CodeGenerator = digits => "123456");
        using var http = RawClient(sandbox);
        await PostAsync(http, Messaging, SendJson);
        clock.Advance(TimeSpan.FromMinutes(10));
        await PostAsync(http, Messaging, SendJson.Replace("\"message\"", "\"scope\":\"later\",\"message\""));

        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That((await PostAsync(http, Verify, VerifyJson(To, "123456", minutes: 15))).Body, Is.EqualTo("{\"valid\":true}"), "15 minutes old: a 15-minute window still takes it");
        Assert.That(sandbox.StateCounts.Codes, Is.EqualTo(2));

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That((await PostAsync(http, Verify, VerifyJson(To, "123456", minutes: 15))).Body, Is.EqualTo("{\"valid\":false}"));
        Assert.That((sandbox.StateCounts.Codes, sandbox.StateCounts.CodeKeys), Is.EqualTo((1, 1)), "the verification dropped the expired code; the newer one stays");
        Assert.That((await PostAsync(http, Verify, VerifyJson(To, "123456", minutes: 15, scope: "later"))).Body, Is.EqualTo("{\"valid\":true}"));
    }

    [Test]
    public async Task A_wrong_code_count_is_dropped_after_its_cool_down_or_a_right_code_and_lockouts_are_unchanged()
    {
        var clock = NewClock();
        var sandbox = NewSandbox(clock, o =>
        {
            o.MaxFailedVerifications = 2;
            o.VerificationCoolDown = TimeSpan.FromMinutes(2);
            o.CodeGenerator = digits => "123456";
        });
        using var http = RawClient(sandbox);
        await PostAsync(http, Messaging, SendJson);

        await PostAsync(http, Verify, VerifyJson(Number(1), "000000"));
        await PostAsync(http, Verify, VerifyJson(Number(1), "000000"));
        Assert.That((await PostAsync(http, Verify, VerifyJson(Number(1), "000000"))).Status, Is.EqualTo(429));
        await PostAsync(http, Verify, VerifyJson(To, "000000"));
        Assert.That((await PostAsync(http, Verify, VerifyJson(To, "123456"))).Body, Is.EqualTo("{\"valid\":true}"));
        Assert.That(sandbox.StateCounts.AttemptCounters, Is.EqualTo(1), "the right code cleared its number's count at once");
        Assert.That(sandbox.Lockouts, Has.Count.EqualTo(1));

        clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1));
        Assert.That((await PostAsync(http, Verify, VerifyJson(Number(1), "123456"))).Status, Is.EqualTo(429), "still locked a tick before the cool-down ends");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(sandbox.Lockouts, Is.Empty);
        Assert.That((sandbox.StateCounts.AttemptCounters, sandbox.StateCounts.QueuedWrongCodes), Is.EqualTo((0, 0)), "reading the lockouts dropped the count whose cool-down passed");
    }

    [Test]
    public async Task Issued_tokens_are_not_stored_yet_an_expired_or_revoked_one_is_refused_even_when_any_token_is_accepted()
    {
        var clock = NewClock();
        var sandbox = NewSandbox(clock, o => o.TokenLifetime = TimeSpan.FromMinutes(10));
        using var tokens = RawClient(sandbox, Basic("any-client", "any-secret"));
        var first = await IssueAsync(tokens);
        clock.Advance(TimeSpan.FromMinutes(5));
        var second = await IssueAsync(tokens);
        var before = sandbox.StateCounts;
        for (var i = 0; i < 1000; i++)
        {
            await IssueAsync(tokens);
        }

        Assert.That(sandbox.StateCounts.Codes + sandbox.StateCounts.AttemptCounters, Is.EqualTo(before.Codes + before.AttemptCounters));
        Assert.That(await StatusWithAsync(sandbox, first), Is.EqualTo(200));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.That(await StatusWithAsync(sandbox, first), Is.EqualTo(401), "expired; a bearer the sandbox never issued would be accepted");
        Assert.That(await StatusWithAsync(sandbox, "some-other-token"), Is.EqualTo(200));
        Assert.That(await StatusWithAsync(sandbox, second), Is.EqualTo(200));

        sandbox.RevokeIssuedTokens();
        var third = await IssueAsync(tokens);
        Assert.That(await StatusWithAsync(sandbox, second), Is.EqualTo(401), "revoked");
        Assert.That(await StatusWithAsync(sandbox, third), Is.EqualTo(200), "issued after the revocation");
        Assert.That(await StatusWithAsync(sandbox, third.Substring(0, third.Length - 1) + (third.EndsWith("0", StringComparison.Ordinal) ? "1" : "0")), Is.EqualTo(200),
            "a changed token is a stranger, which any-credentials mode accepts like any bearer");
    }

    [Test]
    public async Task With_configured_credentials_a_token_from_before_a_reset_or_a_forged_one_is_refused()
    {
        var clock = NewClock();
        var sandbox = NewSandbox(clock, o => { o.ClientId = "client-1"; o.ClientSecret = "secret-1"; });
        using var tokens = RawClient(sandbox, Basic("client-1", "secret-1"));
        var token = await IssueAsync(tokens);
        Assert.That(await StatusWithAsync(sandbox, token), Is.EqualTo(200));

        var forged = token.Substring(0, 8) + "00000000000000ff" + token.Substring(24);
        sandbox.Reset();

        Assert.That(await StatusWithAsync(sandbox, token), Is.EqualTo(401), "reset forgets the tokens it issued");
        Assert.That(await StatusWithAsync(sandbox, forged), Is.EqualTo(401));
        Assert.That(await StatusWithAsync(sandbox, await IssueAsync(tokens)), Is.EqualTo(200));
    }

    private static string Number(int i) => "+1555" + i.ToString("D7", CultureInfo.InvariantCulture);

    private static string VerifyJson(string to, string code, int minutes = 3, string? scope = null) =>
        "{\"to\":\"" + to + "\"," + (scope == null ? string.Empty : "\"scope\":\"" + scope + "\",") + "\"expirationTimeInMinutes\":" + minutes + ",\"code\":\"" + code + "\"}";

    private static async Task<string> IssueAsync(HttpClient tokens)
    {
        using var form = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("grant_type", "client_credentials") });
        using var response = await tokens.PostAsync(TokenUrl, form);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        return (string)Json(await response.Content.ReadAsStringAsync())["access_token"]!;
    }

    private static async Task<int> StatusWithAsync(MfaSandbox sandbox, string token)
    {
        using var api = RawClient(sandbox, "Bearer " + token);
        return (await PostAsync(api, Messaging, SendJson)).Status;
    }
}
