using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.SendLimits;

/// <summary>
/// Several clients in one container share the in-memory store: each keeps its own limits exactly, whatever the other's
/// windows (issue 20, item 1); the number rules count a client's sends for every account, the budget each account alone
/// (item 3).
/// </summary>
public class SharedStoreTests
{
    private FakeTimeProvider _time = null!;
    private readonly ConcurrentDictionary<string, int> _sent = new();

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        _sent.Clear();
    }

    private int SentBy(string client) => _sent.TryGetValue(client, out var count) ? count : 0;

    /// <summary>A container with the given clients (null: the unnamed one), each with its own counting primary handler.</summary>
    /// <summary>The login client's rules in the tests below: three sends per number an hour.</summary>
    private static void LoginRules(MfaSendLimitOptions limits)
    {
        limits.MaxSendsPerNumber = 3;
        limits.NumberWindow = TimeSpan.FromHours(1);
    }

    private ServiceProvider Build(params (string? Name, Action<MfaSendLimitOptions> Limits)[] clients)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        foreach (var (name, limits) in clients)
        {
            var label = name ?? "(unnamed)";
            Action<MfaOptions> configure = o =>
            {
                o.BaseUrl = new Uri(MockMfa.BaseUrl);
                o.AccountId = MockMfa.AccountId;
                o.AccessToken = "t";
                o.Messaging.From = Requests.From;
                o.Messaging.ApplicationId = Requests.ApplicationId;
                o.SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.Zero, MaxSendsPerNumber = 0 };
                limits(o.SendLimits);
            };
            var builder = name == null ? services.AddBandwidthMfa(configure) : services.AddBandwidthMfa(name, configure);
            builder.ConfigurePrimaryHttpMessageHandler(() => new CallbackHandler((request, _) =>
            {
                _sent.AddOrUpdate(label, 1, (_, count) => count + 1);
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"messageId\":\"m-1\"}", Encoding.UTF8, "application/json") });
            }));
        }

        return services.BuildServiceProvider();
    }

    private static async Task<bool> TrySend(IMfaService mfa, string to, string? accountId = null)
    {
        try
        {
            await mfa.SendSmsCodeAsync(to, overrides: accountId == null ? null : new MfaSendOverrides { AccountId = accountId });
            return true;
        }
        catch (MfaSendRefusedException)
        {
            return false;
        }
    }

    [TestCase(0)] // no number rule at all: on main its window of 0 emptied the number's history
    [TestCase(1)] // a 1 s cooldown
    public async Task A_client_with_short_or_no_number_rules_never_erases_another_clients_history(int alertsCooldownSeconds)
    {
        using var provider = Build(
            ("login", LoginRules),
            ("alerts", l => l.ResendCooldown = TimeSpan.FromSeconds(alertsCooldownSeconds)));
        var login = provider.GetRequiredKeyedService<IMfaService>("login");
        var alerts = provider.GetRequiredKeyedService<IMfaService>("alerts");

        for (var i = 0; i < 8; i++)
        {
            await TrySend(login, Requests.To);
            Assert.That(await TrySend(alerts, Requests.To), Is.True, "alerts' own rule allows a send every few seconds");
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        Assert.That(SentBy("login"), Is.EqualTo(3), "3 per number per hour, within one minute");
        Assert.That(SentBy("alerts"), Is.EqualTo(8));
    }

    [Test]
    public async Task The_unnamed_client_and_a_client_named_default_keep_separate_counts()
    {
        using var provider = Build((null, l => l.ResendCooldown = TimeSpan.FromMinutes(1)), ("default", l => l.ResendCooldown = TimeSpan.FromMinutes(1)));
        Assert.That(await TrySend(provider.GetRequiredService<IMfaService>(), Requests.To), Is.True);
        Assert.That(await TrySend(provider.GetRequiredKeyedService<IMfaService>("default"), Requests.To), Is.True);
        Assert.That(await TrySend(provider.GetRequiredService<IMfaService>(), Requests.To), Is.False);
        Assert.That(await TrySend(provider.GetRequiredKeyedService<IMfaService>("default"), Requests.To), Is.False);
        Assert.That(SentBy("(unnamed)"), Is.EqualTo(1));
        Assert.That(SentBy("default"), Is.EqualTo(1));
    }

    [Test]
    public async Task Two_clients_with_different_rules_in_one_store_are_each_exact_under_64_concurrent_callers()
    {
        using var provider = Build(
            ("login", LoginRules),
            ("alerts", l => l.ResendCooldown = TimeSpan.FromMinutes(1)));
        var login = provider.GetRequiredKeyedService<IMfaService>("login");
        var alerts = provider.GetRequiredKeyedService<IMfaService>("alerts");
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return await TrySend(i % 2 == 0 ? login : alerts, Requests.To);
        })).ToArray();
        go.SetResult();
        var results = await Task.WhenAll(callers);

        Assert.That(SentBy("login"), Is.EqualTo(3));
        Assert.That(SentBy("alerts"), Is.EqualTo(1));
        Assert.That(results.Count(sent => sent), Is.EqualTo(4));
    }

    [Test]
    public async Task The_sweep_of_a_short_window_client_keeps_what_a_longer_window_client_needs()
    {
        // On main, every 1024th send swept every number with the sending client's own window.
        using var provider = Build(
            ("login", LoginRules),
            ("alerts", l => l.ResendCooldown = TimeSpan.FromSeconds(1)));
        var login = provider.GetRequiredKeyedService<IMfaService>("login");
        var alerts = provider.GetRequiredKeyedService<IMfaService>("alerts");
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await TrySend(login, Requests.To), Is.True);
        }

        for (var i = 0; i < 1100; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(2));
            await TrySend(alerts, "+1919555" + (1000 + (i % 5000)).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.That(await TrySend(login, Requests.To), Is.False, "37 minutes later the 3 sends are still in login's hour");
        Assert.That(SentBy("login"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_request_with_shorter_windows_never_shortens_a_clients_history()
    {
        // One client whose rules change (a configuration reload, two versions during a deployment): the longer window holds.
        var store = new MfaInMemorySendLimitStore();
        var start = _time.GetUtcNow();
        MfaSendLimitRequest Request(TimeSpan window, int max, DateTimeOffset at) =>
            new("login", MfaSendLimitRequest.NewSendId(), Requests.To, MockMfa.AccountId, at, TimeSpan.Zero, max, window, 0, TimeSpan.Zero);

        Assert.That((await store.TryAcquireAsync(Request(TimeSpan.FromHours(1), 2, start), default)).IsAllowed, Is.True);
        Assert.That((await store.TryAcquireAsync(Request(TimeSpan.FromHours(1), 2, start), default)).IsAllowed, Is.True);
        Assert.That((await store.TryAcquireAsync(Request(TimeSpan.FromMinutes(1), 5, start + TimeSpan.FromMinutes(2)), default)).IsAllowed, Is.True);
        var refused = await store.TryAcquireAsync(Request(TimeSpan.FromHours(1), 2, start + TimeSpan.FromMinutes(3)), default);
        Assert.That(refused.IsAllowed, Is.False);
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerNumber));
        Assert.That(refused.RetryAt, Is.EqualTo(start + TimeSpan.FromHours(1)));
    }

    [Test]
    public async Task The_number_rules_count_every_account_of_a_client_and_the_budget_each_account_alone()
    {
        using var provider = Build(("brand", l => { l.ResendCooldown = TimeSpan.FromMinutes(1); l.MaxSendsPerAccount = 2; }));
        var mfa = provider.GetRequiredKeyedService<IMfaService>("brand");

        Assert.That(await TrySend(mfa, Requests.To, "1111111"), Is.True);
        // The same number billed to another account: still the same person's phone, within the cooldown.
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To, overrides: new MfaSendOverrides { AccountId = "2222222" })))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));

        // The budget: account 1111111 has room for one more send, account 2222222 for two.
        Assert.That(await TrySend(mfa, "+19195550001", "1111111"), Is.True);
        var budget = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync("+19195550002", overrides: new MfaSendOverrides { AccountId = "1111111" })))!;
        Assert.That(budget.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerAccount));
        Assert.That(await TrySend(mfa, "+19195550002", "2222222"), Is.True);
        Assert.That(await TrySend(mfa, "+19195550003", "2222222"), Is.True);
        Assert.That(await TrySend(mfa, "+19195550004", "2222222"), Is.False);
        Assert.That(SentBy("brand"), Is.EqualTo(4));
    }

    [Test]
    public async Task UseSendLimitStore_gives_one_client_its_own_store_and_leaves_the_others_on_the_containers()
    {
        var own = new MfaInMemorySendLimitStore();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        foreach (var name in new[] { "brand-a", "brand-b" })
        {
            var builder = services.AddBandwidthMfa(name, o =>
            {
                o.BaseUrl = new Uri(MockMfa.BaseUrl);
                o.AccountId = MockMfa.AccountId;
                o.AccessToken = "t";
                o.Messaging.From = Requests.From;
                o.Messaging.ApplicationId = Requests.ApplicationId;
                o.SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.FromMinutes(1) };
            }).ConfigurePrimaryHttpMessageHandler(() => new CallbackHandler((_, _) =>
                Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"messageId\":\"m-1\"}", Encoding.UTF8, "application/json") })));
            if (name == "brand-a")
            {
                Assert.That(MfaServiceCollectionExtensions.ClientNameOf(builder), Is.EqualTo("brand-a"));
                builder.UseSendLimitStore(_ => own);
            }
        }

        var unrelated = services.AddHttpClient("not-mfa");
        Assert.That(() => unrelated.UseSendLimitStore(_ => own), Throws.ArgumentException.With.Message.Contains("'not-mfa' is not an MFA client"));
        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredKeyedService<IMfaService>("brand-a").SendSmsCodeAsync(Requests.To);
        await provider.GetRequiredKeyedService<IMfaService>("brand-b").SendSmsCodeAsync(Requests.To);
        Assert.That(own.KeyCount, Is.EqualTo(1), "brand-a's number, in brand-a's store");
        Assert.That(((MfaInMemorySendLimitStore)provider.GetRequiredService<IMfaSendLimitStore>()).KeyCount, Is.EqualTo(1), "brand-b's number, in the container's store");
    }
}
