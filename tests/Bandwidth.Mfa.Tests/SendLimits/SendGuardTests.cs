using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.SendLimits;

/// <summary>The send guard with the in-memory store: each rule at its bounds with fake time; a refused send makes no request.</summary>
public class SendGuardTests
{
    private const string Messaging = "/code/messaging";
    private const string OkMessaging = "{\"messageId\":\"m-1\"}";
    private MockMfa _mock = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _mock.Answer(Messaging, HttpStatusCode.OK, OkMessaging);
        _mock.Answer("/code/voice", HttpStatusCode.OK, "{\"callId\":\"c-1\"}");
        _mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
    }

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private MfaService Create(MfaSendLimitOptions limits, ILoggerFactory? loggers = null, bool clientCredentials = false)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, SendLimits = limits, Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        if (clientCredentials)
        {
            options.ClientId = "client";
            options.ClientSecret = "client-secret-value";
        }
        else
        {
            options.AccessToken = "t";
        }

        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        options.Voice.From = Requests.From;
        options.Voice.ApplicationId = Requests.ApplicationId;
        return MfaService.Create(options, _mock.Handler, loggers, _time);
    }

    private static MfaSendLimitOptions Only(TimeSpan? cooldown = null, int perNumber = 0, TimeSpan? numberWindow = null, int perAccount = 0, TimeSpan? accountWindow = null) => new()
    {
        ResendCooldown = cooldown ?? TimeSpan.Zero,
        MaxSendsPerNumber = perNumber,
        NumberWindow = numberWindow ?? TimeSpan.FromHours(1),
        MaxSendsPerAccount = perAccount,
        AccountWindow = accountWindow ?? TimeSpan.FromHours(1),
    };

    [Test]
    public async Task Cooldown_refuses_one_tick_before_and_allows_exactly_at_the_cooldown()
    {
        using var mfa = Create(Only(cooldown: TimeSpan.FromSeconds(30)));
        var first = _time.GetUtcNow();
        await mfa.SendSmsCodeAsync(Requests.To);

        _time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
        Assert.That(refused.RetryAt, Is.EqualTo(first + TimeSpan.FromSeconds(30)));
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromTicks(1)));
        Assert.That(refused.RequestMayHaveReachedServer, Is.False);
        Assert.That(refused.Operation, Is.EqualTo("generateMessagingCode"));
        Assert.That(refused.Status, Is.Null);
        Assert.That(refused.Message, Does.Not.Contain(Requests.To).And.Contain("+1********34").And.Contain("ResendCooldown").And.Contain("Nothing was sent"));
        Assert.That(_mock.RequestCount, Is.EqualTo(1));

        _time.Advance(TimeSpan.FromTicks(1));
        await mfa.SendSmsCodeAsync(Requests.To);
        Assert.That(_mock.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Cooldown_is_per_number()
    {
        using var mfa = Create(Only(cooldown: TimeSpan.FromMinutes(1)));
        await mfa.SendSmsCodeAsync(Requests.To);
        await mfa.SendSmsCodeAsync("+19195550000");
        await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To));
        Assert.That(_mock.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Number_window_allows_the_limit_and_the_next_send_exactly_when_the_oldest_leaves()
    {
        using var mfa = Create(Only(perNumber: 3, numberWindow: TimeSpan.FromMinutes(10)));
        var start = _time.GetUtcNow();
        await mfa.SendSmsCodeAsync(Requests.To);
        _time.Advance(TimeSpan.FromMinutes(1));
        await mfa.SendSmsCodeAsync(Requests.To);
        await mfa.SendVoiceCodeAsync(Requests.To); // both channels count toward the number's window

        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerNumber));
        Assert.That(refused.RetryAt, Is.EqualTo(start + TimeSpan.FromMinutes(10)));

        _time.SetUtcNow(start + TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To));
        _time.SetUtcNow(start + TimeSpan.FromMinutes(10));
        await mfa.SendSmsCodeAsync(Requests.To);

        // The window rolls: the two sends of minute 1 are still in it.
        var again = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(again.RetryAt, Is.EqualTo(start + TimeSpan.FromMinutes(11)));
        Assert.That(_mock.RequestCount, Is.EqualTo(4));
    }

    [Test]
    public async Task Account_budget_counts_every_number_and_refuses_past_it()
    {
        using var mfa = Create(Only(perAccount: 3, accountWindow: TimeSpan.FromMinutes(5)));
        var start = _time.GetUtcNow();
        await mfa.SendSmsCodeAsync("+19195550001");
        await mfa.SendSmsCodeAsync("+19195550002");
        await mfa.SendVoiceCodeAsync("+19195550003");

        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync("+19195550004")))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerAccount));
        Assert.That(refused.RetryAt, Is.EqualTo(start + TimeSpan.FromMinutes(5)));

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromTicks(1));
        await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync("+19195550004"));
        _time.Advance(TimeSpan.FromTicks(1));
        await mfa.SendSmsCodeAsync("+19195550004");
        Assert.That(_mock.RequestCount, Is.EqualTo(4));
    }

    [Test]
    public async Task A_refused_send_through_the_generated_client_makes_no_request()
    {
        using var mfa = Create(Only(cooldown: TimeSpan.FromMinutes(1)));
        await mfa.Client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code());
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.Client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code())))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_refused_send_fetches_no_token()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        using var mfa = Create(new MfaSendLimitOptions { DeniedPrefixes = { "1" } }, clientCredentials: true);
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.DestinationNotAllowed));
        Assert.That(refused.RetryAt, Is.Null);
        Assert.That(tokens.RequestCount, Is.EqualTo(0));
        Assert.That(_mock.RequestCount, Is.EqualTo(0));
        Assert.That(await mfa.VerifyCodeAsync(Requests.To, "123456"), Is.True);
        Assert.That(tokens.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Verify_is_never_limited()
    {
        using var mfa = Create(Only(cooldown: TimeSpan.FromHours(1), perNumber: 1, perAccount: 1).With(o => o.AllowedPrefixes.Add("44")));
        for (var i = 0; i < 5; i++)
        {
            Assert.That(await mfa.VerifyCodeAsync(Requests.To, "123456"), Is.True);
            Assert.That(await mfa.Client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()), Is.Not.Null);
        }

        Assert.That(_mock.RequestCount, Is.EqualTo(10));
    }

    [TestCase("+19195551234", new[] { "1" }, new string[0], true)]
    [TestCase("+447700900123", new[] { "1" }, new string[0], false)]
    [TestCase("+447700900123", new string[0], new[] { "44" }, false)]
    [TestCase("+447700900123", new string[0], new[] { "4" }, false)]
    [TestCase("+4915112345678", new string[0], new[] { "44" }, true)]
    [TestCase("+2348012345678", new[] { "2" }, new[] { "234" }, false)] // the longest prefix (deny 234) wins
    [TestCase("+2348012345678", new[] { "234" }, new[] { "2" }, true)]  // the longest prefix (allow 234) wins
    [TestCase("+2208012345", new[] { "234" }, new[] { "2" }, false)]
    public async Task Calling_codes_match_by_prefix_and_the_longest_wins(string to, string[] allowed, string[] denied, bool sent)
    {
        var limits = Only();
        foreach (var code in allowed)
        {
            limits.AllowedPrefixes.Add(code);
        }

        foreach (var code in denied)
        {
            limits.DeniedPrefixes.Add(code);
        }

        using var mfa = Create(limits);
        if (sent)
        {
            await mfa.SendSmsCodeAsync(to);
        }
        else
        {
            var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(to)))!;
            Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.DestinationNotAllowed));
            Assert.That(refused.Message, Does.Not.Contain(to));
        }

        Assert.That(_mock.RequestCount, Is.EqualTo(sent ? 1 : 0));
    }

    [Test]
    public async Task A_refused_send_is_logged_once_as_CallFailed()
    {
        using var provider = new CapturingLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Trace));
        using var mfa = Create(new MfaSendLimitOptions { AllowedPrefixes = { "44" } }, loggers);
        await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To));
        var lines = provider.For(LogEventIds.Category).ToList();
        Assert.That(lines, Has.Count.EqualTo(1));
        Assert.That(lines[0].EventId, Is.EqualTo(LogEventIds.CallFailed));
        Assert.That(lines[0].Message, Does.Contain("MfaSendRefusedException").And.Not.Contain(Requests.To));
    }

    [Test]
    public async Task Defaults_are_a_30_second_cooldown_and_5_sends_per_number_per_hour_without_a_budget()
    {
        var defaults = new MfaSendLimitOptions();
        Assert.That(defaults.ResendCooldown, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(defaults.MaxSendsPerNumber, Is.EqualTo(5));
        Assert.That(defaults.NumberWindow, Is.EqualTo(TimeSpan.FromHours(1)));
        Assert.That(defaults.MaxSendsPerAccount, Is.EqualTo(0));
        Assert.That(defaults.StoreTimeout, Is.EqualTo(TimeSpan.FromMilliseconds(250)));
        Assert.That(defaults.StoreFailure, Is.EqualTo(MfaSendLimitStoreFailure.FailClosed));
        Assert.That(new MfaOptions().SendLimits, Is.Null);

        using var mfa = Create(defaults);
        for (var i = 0; i < 5; i++)
        {
            await mfa.SendSmsCodeAsync(Requests.To);
            _time.Advance(TimeSpan.FromSeconds(30));
        }

        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerNumber));
    }

    [Test]
    public async Task Without_send_limits_nothing_is_limited()
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "t", Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        using var mfa = MfaService.Create(options, _mock.Handler, timeProvider: _time);
        for (var i = 0; i < 20; i++)
        {
            await mfa.SendSmsCodeAsync(Requests.To);
        }

        Assert.That(_mock.RequestCount, Is.EqualTo(20));
    }

    [Test]
    public async Task Concurrent_callers_never_get_more_than_the_limit()
    {
        using var mfa = Create(Only(perNumber: 5));
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(async _ =>
        {
            try
            {
                await mfa.SendSmsCodeAsync(Requests.To);
                return true;
            }
            catch (MfaSendRefusedException)
            {
                return false;
            }
        }));
        Assert.That(results.Count(sent => sent), Is.EqualTo(5));
        Assert.That(_mock.RequestCount, Is.EqualTo(5));
    }

    [Test]
    public void The_public_constructor_makes_a_test_double_with_the_destination_masked()
    {
        var at = DateTimeOffset.Parse("2026-11-25T12:00:30Z");
        var refused = new MfaSendRefusedException("generateVoiceCode", MfaSendLimitRule.MaxSendsPerAccount, Requests.To, at, TimeSpan.FromSeconds(30));
        Assert.That(refused, Is.InstanceOf<MfaException>());
        Assert.That(refused.Operation, Is.EqualTo("generateVoiceCode"));
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerAccount));
        Assert.That(refused.RetryAt, Is.EqualTo(at));
        Assert.That(refused.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(refused.RequestMayHaveReachedServer, Is.False);
        Assert.That(refused.Message, Is.EqualTo("generateVoiceCode to +1********34 was refused by the send limits (MaxSendsPerAccount); a send is allowed again at 2026-11-25T12:00:30.000Z (in 30 s). Nothing was sent."));
        Assert.That(refused.ToString(), Does.Not.Contain(Requests.To));
    }
}
