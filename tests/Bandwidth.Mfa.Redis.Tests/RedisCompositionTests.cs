using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis.Tests;

/// <summary>
/// The Redis store as real applications compose it (issue 20): clients with different rules in one Redis keep their
/// own limits (item 1), each named client's UseRedisSendLimits is its own (item 2), and the stores agree on accounts
/// (item 3). Two containers play two instances of one service; 64 callers are released at once.
/// </summary>
[TestFixture(RedisBackend.Garnet)]
[TestFixture(RedisBackend.RedisServer)]
[NonParallelizable]
public class RedisCompositionTests(string backendKind) : RedisTestBase(backendKind)
{
    private const string OtherHashKey = "another-test-hash-key-fedcba9876543210";
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUpClock() => _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));

    /// <summary>One instance of the service: a "login" client (3 sends per number per hour) and an "alerts" client (1 minute cooldown), both on one Redis store.</summary>
    private ServiceProvider LoginAndAlerts(IConnectionMultiplexer redis, CountingMfa login, CountingMfa alerts, TimeSpan? alertsCooldown = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddBandwidthMfa("login", o =>
        {
            Basics(o);
            o.SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.Zero, MaxSendsPerNumber = 3, NumberWindow = TimeSpan.FromHours(1), StoreTimeout = TimeSpan.FromSeconds(5) };
        }).ConfigurePrimaryHttpMessageHandler(login.Shared).UseRedisSendLimits(redis, o => o.HashKey = HashKey);
        services.AddBandwidthMfa("alerts", o =>
        {
            Basics(o);
            o.SendLimits = new MfaSendLimitOptions { ResendCooldown = alertsCooldown ?? TimeSpan.FromMinutes(1), MaxSendsPerNumber = 0, StoreTimeout = TimeSpan.FromSeconds(5) };
        }).ConfigurePrimaryHttpMessageHandler(alerts.Shared).UseRedisSendLimits(redis, o => o.HashKey = HashKey);
        return Own(services.BuildServiceProvider());
    }

    private static async Task<bool[]> SixtyFour(Func<int, Task<bool>> send)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var callers = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return await send(i);
        })).ToArray();
        go.SetResult();
        return await Task.WhenAll(callers);
    }

    [TestCase(0)]
    [TestCase(1)]
    public async Task A_client_with_short_or_no_number_rules_never_erases_another_clients_history(int alertsCooldownSeconds)
    {
        var login = Own(new CountingMfa());
        var alerts = Own(new CountingMfa());
        var provider = LoginAndAlerts(Connect(), login, alerts, TimeSpan.FromSeconds(alertsCooldownSeconds));
        for (var i = 0; i < 8; i++)
        {
            await TrySend(provider.GetRequiredKeyedService<IMfaService>("login"), To);
            Assert.That(await TrySend(provider.GetRequiredKeyedService<IMfaService>("alerts"), To), Is.True);
            _time.Advance(TimeSpan.FromSeconds(5));
        }

        TestContext.Out.WriteLine($"{BackendKind}: login sent {login.Count} codes to one number in 40 s (limit 3 per hour)");
        Assert.That(login.Count, Is.EqualTo(3));
        Assert.That(alerts.Count, Is.EqualTo(8));
    }

    [Test]
    public async Task Two_clients_with_different_rules_on_one_Redis_are_each_exact_under_64_callers_over_two_instances()
    {
        var login = Own(new CountingMfa());
        var alerts = Own(new CountingMfa());
        var instances = new[] { LoginAndAlerts(Connect(), login, alerts), LoginAndAlerts(Connect(), login, alerts) };
        var results = await SixtyFour(i => TrySend(instances[i % 2].GetRequiredKeyedService<IMfaService>(i % 4 < 2 ? "login" : "alerts"), To));

        TestContext.Out.WriteLine($"{BackendKind}: 64 callers over 2 instances and 2 clients: login {login.Count}, alerts {alerts.Count}");
        Assert.That(login.Count, Is.EqualTo(3));
        Assert.That(alerts.Count, Is.EqualTo(1));
        Assert.That(results.Count(sent => sent), Is.EqualTo(4));
    }

    [Test]
    public async Task Two_named_clients_each_with_its_own_UseRedisSendLimits_keep_their_own_prefix_key_and_limits_under_64_callers()
    {
        var second = Own(RedisBackend.Start(BackendKind));
        var brandA = Own(new CountingMfa());
        var brandB = Own(new CountingMfa());
        ServiceProvider Instance()
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(_time);
            services.AddBandwidthMfa("brand-a", o =>
            {
                Basics(o, "1111111");
                o.SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.Zero, MaxSendsPerNumber = 5, StoreTimeout = TimeSpan.FromSeconds(5) };
            }).ConfigurePrimaryHttpMessageHandler(brandA.Shared).UseRedisSendLimits(Connect(), o => { o.HashKey = HashKey; o.KeyPrefix = "brand-a:"; });
            services.AddBandwidthMfa("brand-b", o =>
            {
                Basics(o, "2222222");
                o.SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.FromMinutes(1), MaxSendsPerNumber = 0, MaxSendsPerAccount = 2, StoreTimeout = TimeSpan.FromSeconds(5) };
            }).ConfigurePrimaryHttpMessageHandler(brandB.Shared).UseRedisSendLimits(Connect(second.Endpoint), o => { o.HashKey = OtherHashKey; o.KeyPrefix = "brand-b:"; });
            return Own(services.BuildServiceProvider());
        }

        var instances = new[] { Instance(), Instance() };
        var results = await SixtyFour(i => TrySend(instances[i % 2].GetRequiredKeyedService<IMfaService>(i % 4 < 2 ? "brand-a" : "brand-b"), i % 4 < 2 ? To : "+1919555" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(brandA.Count, Is.EqualTo(5), "brand-a: 5 per number");
        Assert.That(brandB.Count, Is.EqualTo(2), "brand-b: a budget of 2");
        Assert.That(results.Count(sent => sent), Is.EqualTo(7));

        static string Digest(string key, string number) => Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(number))).ToLowerInvariant();
        var aKeys = await KeysOf(Backend.Endpoint);
        var bKeys = await KeysOf(second.Endpoint);
        Assert.That(aKeys, Is.EquivalentTo(new[] { "brand-a:{named:brand-a}:n:" + Digest(HashKey, To), "brand-a:{named:brand-a}:keep" }), "brand-a's Redis holds brand-a's keys only, with brand-a's hash key");
        Assert.That(bKeys.Count(k => k.Contains(":n:")), Is.EqualTo(2));
        var brandBNumbers = Enumerable.Range(0, 64).Where(i => i % 4 >= 2).Select(i => "brand-b:{named:brand-b}:n:" + Digest(OtherHashKey, "+1919555" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(bKeys.Where(k => k.Contains(":n:")), Is.SubsetOf(brandBNumbers), "brand-b's numbers, with brand-b's hash key");
        Assert.That(bKeys, Does.Contain("brand-b:{named:brand-b}:a:2222222").And.Contain("brand-b:{named:brand-b}:keep"));
    }

    private async Task<List<string>> KeysOf(string endpoint)
    {
        var result = await Connect(endpoint).GetDatabase().ExecuteAsync("KEYS", "*");
        return ((RedisResult[])result!).Select(k => (string)k!).ToList();
    }

    [Test]
    public void Each_clients_Redis_settings_are_validated_at_start_up_in_messages_that_name_the_client()
    {
        var services = new ServiceCollection();
        services.AddBandwidthMfa("brand-a", o => { Basics(o); o.SendLimits = new MfaSendLimitOptions(); }).UseRedisSendLimits(Connect(), o => o.HashKey = HashKey);
        services.AddBandwidthMfa("brand-b", o => { Basics(o); o.SendLimits = new MfaSendLimitOptions(); }).UseRedisSendLimits(Connect(), o => o.HashKey = "too-short");
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptionsMonitor<MfaRedisSendLimitOptions>>().Get("brand-a").HashKey, Is.EqualTo(HashKey));
        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<MfaRedisSendLimitOptions>>().Get("brand-b"))!;
        Assert.That(failure.Failures, Has.Exactly(1).Items);
        Assert.That(failure.Message, Does.StartWith("MFA client 'brand-b': MFA Redis send-limit option 'HashKey' is required").And.Not.Contain("too-short"));

        var fromConfiguration = new ServiceCollection();
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bandwidth:MfaRedis:BrandA:Configuration"] = Backend.Endpoint,
            ["Bandwidth:MfaRedis:BrandA:HashKey"] = HashKey,
            ["Bandwidth:MfaRedis:BrandA:Hashkee"] = "typo",
        }).Build().GetSection("Bandwidth:MfaRedis:BrandA");
        fromConfiguration.AddBandwidthMfa("brand-a", o => { Basics(o); o.SendLimits = new MfaSendLimitOptions(); }).UseRedisSendLimits(section);
        using var configured = fromConfiguration.BuildServiceProvider();
        var unknown = Assert.Throws<OptionsValidationException>(() => configured.GetRequiredService<IOptionsMonitor<MfaRedisSendLimitOptions>>().Get("brand-a"))!;
        Assert.That(unknown.Message, Does.StartWith("MFA client 'brand-a': the MFA Redis send-limit section holds a key that is not a setting").And.Contain("'Hashkee'").And.Not.Contain("typo"));
    }

    [Test]
    public async Task One_number_billed_to_two_accounts_shares_the_number_rules_and_each_account_has_its_own_budget()
    {
        var mfa = Own(new CountingMfa());
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddBandwidthMfa("brand", o =>
        {
            Basics(o);
            o.SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.FromMinutes(1), MaxSendsPerAccount = 2, StoreTimeout = TimeSpan.FromSeconds(5) };
        }).ConfigurePrimaryHttpMessageHandler(mfa.Shared).UseRedisSendLimits(Connect(), o => o.HashKey = HashKey);
        var brand = Own(services.BuildServiceProvider()).GetRequiredKeyedService<IMfaService>("brand");

        Assert.That(await TrySend(brand, To, "1111111"), Is.True);
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => brand.SendSmsCodeAsync(To, overrides: new MfaSendOverrides { AccountId = "2222222" })))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown), "the same phone, billed to another account, within the cooldown");
        Assert.That(await TrySend(brand, "+19195550001", "1111111"), Is.True);
        Assert.That(await TrySend(brand, "+19195550002", "1111111"), Is.False, "account 1111111 spent its budget of 2");
        Assert.That(await TrySend(brand, "+19195550002", "2222222"), Is.True);
        Assert.That(await TrySend(brand, "+19195550003", "2222222"), Is.True);
        Assert.That(mfa.Count, Is.EqualTo(4));
    }

    [Test]
    public async Task The_unnamed_client_and_a_client_named_default_have_their_own_keys()
    {
        var mfa = Own(new CountingMfa());
        var redis = Connect();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddBandwidthMfa(o => { Basics(o); o.SendLimits = new MfaSendLimitOptions { StoreTimeout = TimeSpan.FromSeconds(5) }; })
            .ConfigurePrimaryHttpMessageHandler(mfa.Shared).UseRedisSendLimits(redis, o => o.HashKey = HashKey);
        services.AddBandwidthMfa("default", o => { Basics(o); o.SendLimits = new MfaSendLimitOptions { StoreTimeout = TimeSpan.FromSeconds(5) }; })
            .ConfigurePrimaryHttpMessageHandler(mfa.Shared).UseRedisSendLimits(redis, o => o.HashKey = HashKey);
        var provider = Own(services.BuildServiceProvider());
        Assert.That(await TrySend(provider.GetRequiredService<IMfaService>(), To), Is.True);
        Assert.That(await TrySend(provider.GetRequiredKeyedService<IMfaService>("default"), To), Is.True, "its own cooldown, not the unnamed client's");
        Assert.That(await TrySend(provider.GetRequiredKeyedService<IMfaService>("default"), To), Is.False);
        Assert.That((await KeysOf(Backend.Endpoint)).Where(k => k.EndsWith(":keep", StringComparison.Ordinal)),
            Is.EquivalentTo(new[] { "bandwidth-mfa:send-limits:{unnamed}:keep", "bandwidth-mfa:send-limits:{named:default}:keep" }));
    }
}
