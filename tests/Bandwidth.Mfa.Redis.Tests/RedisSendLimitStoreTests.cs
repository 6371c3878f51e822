using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis.Tests;

/// <summary>
/// The Redis store over the real Redis protocol: Garnet hosted in this process, and redis-server where it is on the PATH
/// (that variant alone is skipped otherwise). Two service instances (two MfaService.Create clients, each with its own
/// connection) share one server, as two containers of one service would.
/// </summary>
[TestFixture(RedisBackend.Garnet)]
[TestFixture(RedisBackend.RedisServer)]
[NonParallelizable]
public class RedisSendLimitStoreTests(string backendKind)
{
    private const string BaseUrl = "https://mfa.bandwidth.com/api/v1/";
    private const string AccountId = "9900000";
    private const string To = "+19195551234";
    private const string HashKey = "test-only-hash-key-0123456789abcdef";
    private RedisBackend _backend = null!;
    private readonly List<IDisposable> _owned = new();
    private CountingMfa _mfa = null!;

    [OneTimeSetUp]
    public void RequireBackend()
    {
        if (backendKind == RedisBackend.RedisServer && RedisBackend.FindRedisServer() == null)
        {
            Assert.Ignore("redis-server is not on the PATH: the Redis-store tests ran against Garnet only. Install redis-server to run them against Redis too.");
        }
    }

    [SetUp]
    public void SetUp()
    {
        _backend = RedisBackend.Start(backendKind);
        _mfa = new CountingMfa();
    }

    [TearDown]
    public void TearDown()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
        _mfa.Dispose();
        _backend.Dispose();
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>One service instance: its own connection and store over the shared server, its own MfaService.</summary>
    private MfaService Instance(MfaSendLimitOptions limits, TimeProvider time, ILoggerFactory? loggers = null)
    {
        var connection = Own(_backend.Connect());
        var store = new MfaRedisSendLimitStore(connection, new MfaRedisSendLimitOptions { HashKey = HashKey });
        var perInstance = new MfaSendLimitOptions
        {
            AllowedCallingCodes = limits.AllowedCallingCodes,
            DeniedCallingCodes = limits.DeniedCallingCodes,
            ResendCooldown = limits.ResendCooldown,
            MaxSendsPerNumber = limits.MaxSendsPerNumber,
            NumberWindow = limits.NumberWindow,
            MaxSendsPerAccount = limits.MaxSendsPerAccount,
            AccountWindow = limits.AccountWindow,
            StoreTimeout = limits.StoreTimeout,
            StoreFailure = limits.StoreFailure,
            Store = store,
        };
        var options = new MfaOptions { BaseUrl = new Uri(BaseUrl), AccountId = AccountId, AccessToken = "t", SendLimits = perInstance, Messaging = { From = "+19195554321", ApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1" } };
        options.Messaging.From = "+19195554321";
        options.Messaging.ApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";
        return Own(MfaService.Create(options, _mfa, loggers, time));
    }

    private static MfaSendLimitOptions Limits(TimeSpan? cooldown = null, int perNumber = 0, int perAccount = 0, TimeSpan? window = null) => new()
    {
        ResendCooldown = cooldown ?? TimeSpan.Zero,
        MaxSendsPerNumber = perNumber,
        NumberWindow = window ?? TimeSpan.FromHours(1),
        MaxSendsPerAccount = perAccount,
        AccountWindow = window ?? TimeSpan.FromHours(1),
        StoreTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>64 callers released at once, alternating between the two instances; returns (sent, refusals).</summary>
    private static async Task<(int Sent, List<MfaSendRefusedException> Refused)> SixtyFourCallers(MfaService first, MfaService second, Func<int, string> number)
    {
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refused = new ConcurrentBag<MfaSendRefusedException>();
        var sent = 0;
        var callers = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                await (i % 2 == 0 ? first : second).SendSmsCodeAsync(number(i));
                Interlocked.Increment(ref sent);
            }
            catch (MfaSendRefusedException exception)
            {
                refused.Add(exception);
            }
        })).ToArray();
        go.SetResult();
        await Task.WhenAll(callers);
        return (sent, refused.ToList());
    }

    [Test]
    public async Task Two_instances_64_callers_to_one_number_exactly_MaxSendsPerNumber_reach_the_service()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var limits = Limits(perNumber: 5);
        var (sent, refused) = await SixtyFourCallers(Instance(limits, time), Instance(limits, time), _ => To);
        TestContext.Out.WriteLine($"{backendKind}: per number 5, 64 callers over 2 instances: {_mfa.Count} reached the service, {refused.Count} refused");
        Assert.That(_mfa.Count, Is.EqualTo(5));
        Assert.That(sent, Is.EqualTo(5));
        Assert.That(refused, Has.Count.EqualTo(59).And.All.Property(nameof(MfaSendRefusedException.Rule)).EqualTo(MfaSendLimitRule.MaxSendsPerNumber));
        Assert.That(refused.Select(r => r.RetryAt).Distinct(), Is.EqualTo(new DateTimeOffset?[] { time.GetUtcNow() + TimeSpan.FromHours(1) }));
    }

    [Test]
    public async Task Two_instances_64_callers_to_one_number_with_a_cooldown_exactly_one_reaches_the_service()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var limits = Limits(cooldown: TimeSpan.FromMinutes(1));
        var (sent, refused) = await SixtyFourCallers(Instance(limits, time), Instance(limits, time), _ => To);
        TestContext.Out.WriteLine($"{backendKind}: cooldown, 64 callers over 2 instances: {_mfa.Count} reached the service, {refused.Count} refused");
        Assert.That(_mfa.Count, Is.EqualTo(1));
        Assert.That(sent, Is.EqualTo(1));
        Assert.That(refused, Has.Count.EqualTo(63).And.All.Property(nameof(MfaSendRefusedException.Rule)).EqualTo(MfaSendLimitRule.ResendCooldown));
    }

    [Test]
    public async Task Two_instances_64_callers_to_64_numbers_exactly_the_account_budget_reaches_the_service()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var limits = Limits(perAccount: 7);
        var (sent, refused) = await SixtyFourCallers(Instance(limits, time), Instance(limits, time), i => "+1919555" + (1000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        TestContext.Out.WriteLine($"{backendKind}: budget 7, 64 callers to 64 numbers over 2 instances: {_mfa.Count} reached the service, {refused.Count} refused");
        Assert.That(_mfa.Count, Is.EqualTo(7));
        Assert.That(sent, Is.EqualTo(7));
        Assert.That(refused, Has.Count.EqualTo(57).And.All.Property(nameof(MfaSendRefusedException.Rule)).EqualTo(MfaSendLimitRule.MaxSendsPerAccount));
    }

    [Test]
    public async Task Each_rule_at_its_bounds_with_fake_time_across_instances()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var limits = Limits(cooldown: TimeSpan.FromSeconds(30), perNumber: 2, window: TimeSpan.FromMinutes(10));
        limits.MaxSendsPerAccount = 3;
        var a = Instance(limits, time);
        var b = Instance(limits, time);
        var start = time.GetUtcNow();

        await a.SendSmsCodeAsync(To);
        time.Advance(TimeSpan.FromSeconds(30) - TimeSpan.FromTicks(1));
        var cooldown = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => b.SendSmsCodeAsync(To)))!;
        Assert.That(cooldown.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
        Assert.That(cooldown.RetryAt, Is.EqualTo(start + TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromTicks(1));
        await b.SendSmsCodeAsync(To);

        // The number's window (2 per 10 minutes): refused after the cooldown, until the first send leaves the window.
        time.Advance(TimeSpan.FromMinutes(1));
        var window = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => a.SendSmsCodeAsync(To)))!;
        Assert.That(window.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerNumber));
        Assert.That(window.RetryAt, Is.EqualTo(start + TimeSpan.FromMinutes(10)));
        time.SetUtcNow(start + TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.That((await Assert.ThrowsAsync<MfaSendRefusedException>(() => a.SendSmsCodeAsync(To)))!.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerNumber));
        time.SetUtcNow(start + TimeSpan.FromMinutes(10));
        await a.SendSmsCodeAsync(To);

        // The account budget (3 per 10 minutes): the sends at 0:30 and 10:00 are in the window; one more number is allowed, then none.
        await b.SendSmsCodeAsync("+19195550001");
        var budget = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => b.SendSmsCodeAsync("+19195550002")))!;
        Assert.That(budget.Rule, Is.EqualTo(MfaSendLimitRule.MaxSendsPerAccount));
        Assert.That(budget.RetryAt, Is.EqualTo(start + TimeSpan.FromSeconds(30) + TimeSpan.FromMinutes(10)));
        time.SetUtcNow(budget.RetryAt!.Value);
        await a.SendSmsCodeAsync("+19195550002");
        Assert.That(_mfa.Count, Is.EqualTo(5));
    }

    [Test]
    public async Task Keys_hold_no_phone_number_in_clear_and_every_key_expires()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var limits = Limits(cooldown: TimeSpan.FromSeconds(30), perNumber: 5, perAccount: 100);
        await Instance(limits, time).SendSmsCodeAsync(To);

        using var inspect = _backend.Connect();
        var db = inspect.GetDatabase();
        var keys = ((RedisResult[])(await db.ExecuteAsync("KEYS", "*"))!).Select(k => (string)k!).ToList();
        var digest = Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(HashKey), Encoding.UTF8.GetBytes(To))).ToLowerInvariant();
        Assert.That(keys, Is.EquivalentTo(new[]
        {
            "bandwidth-mfa:send-limits:{" + AccountId + "}:n:" + digest,
            "bandwidth-mfa:send-limits:{" + AccountId + "}:a",
        }));
        foreach (var key in keys)
        {
            Assert.That(key, Does.Not.Contain("9195551234"));
            var members = await db.SortedSetRangeByRankAsync(key);
            Assert.That(members.Select(m => (string)m!), Has.None.Contains("9195551234"));
            var ttl = await db.KeyTimeToLiveAsync(key);
            Assert.That(ttl, Is.Not.Null.And.GreaterThan(TimeSpan.Zero).And.LessThanOrEqualTo(TimeSpan.FromHours(1)));
        }
    }

    [Test]
    public async Task Fail_closed_when_the_server_stops_mid_run_refuses_and_sends_nothing()
    {
        var limits = Limits(cooldown: TimeSpan.FromSeconds(1));
        limits.StoreTimeout = TimeSpan.FromMilliseconds(250);
        var mfa = Instance(limits, TimeProvider.System);
        await mfa.SendSmsCodeAsync(To);
        Assert.That(_mfa.Count, Is.EqualTo(1));

        _backend.Stop();
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync("+19195550001")))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));
        Assert.That(refused.RequestMayHaveReachedServer, Is.False);
        Assert.That(refused.Message, Does.Not.Contain("9195550001"));
        Assert.That(_mfa.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task Fail_open_when_the_server_stops_mid_run_sends_with_a_warning()
    {
        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        var limits = Limits(cooldown: TimeSpan.FromSeconds(1));
        limits.StoreTimeout = TimeSpan.FromMilliseconds(250);
        limits.StoreFailure = MfaSendLimitStoreFailure.FailOpen;
        var mfa = Instance(limits, TimeProvider.System, loggers);
        await mfa.SendSmsCodeAsync(To);

        _backend.Stop();
        await mfa.SendSmsCodeAsync("+19195550001");
        Assert.That(_mfa.Count, Is.EqualTo(2));
        Assert.That(logs.Lines.Where(l => l.Id == 1105), Has.Exactly(1).Matches<(int Id, LogLevel Level, string Message)>(l => l.Level == LogLevel.Warning && !l.Message.Contains("9195550001")));
    }

    [Test]
    public async Task UseRedisSendLimits_replaces_the_in_memory_store_and_requires_a_hash_key()
    {
        using var connection = _backend.Connect();
        var services = new ServiceCollection();
        services.AddBandwidthMfa(o =>
        {
            o.BaseUrl = new Uri(BaseUrl);
            o.AccountId = AccountId;
            o.AccessToken = "t";
            o.Messaging.From = "+19195554321";
            o.Messaging.ApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";
            o.SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.FromMinutes(1) };
        })
            .ConfigurePrimaryHttpMessageHandler(() => new NonDisposing(_mfa))
            .UseRedisSendLimits(connection, o => o.HashKey = HashKey);
        using (var provider = services.BuildServiceProvider())
        {
            Assert.That(provider.GetRequiredService<IMfaSendLimitStore>(), Is.InstanceOf<MfaRedisSendLimitStore>());
            await provider.GetRequiredService<IMfaService>().SendSmsCodeAsync(To);
            var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => provider.GetRequiredService<IMfaService>().SendSmsCodeAsync(To)))!;
            Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
            Assert.That(_mfa.Count, Is.EqualTo(1));
        }

        var noKey = new ServiceCollection();
        noKey.AddBandwidthMfa(o => { o.AccountId = AccountId; o.AccessToken = "t"; o.SendLimits = new MfaSendLimitOptions(); })
            .UseRedisSendLimits(connection, o => o.HashKey = "short");
        using var noKeyProvider = noKey.BuildServiceProvider();
        var failure = Assert.Throws<OptionsValidationException>(() => _ = noKeyProvider.GetRequiredService<IOptions<MfaRedisSendLimitOptions>>().Value)!;
        Assert.That(failure.Message, Does.Contain("'Redis:HashKey'").And.Contain("at least 32").And.Not.Contain("short"));

        var fromConfiguration = new ServiceCollection();
        fromConfiguration.AddBandwidthMfa(o => { o.AccountId = AccountId; o.AccessToken = "t"; o.SendLimits = new MfaSendLimitOptions(); })
            .UseRedisSendLimits(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HashKey"] = HashKey }).Build());
        using var fromConfigurationProvider = fromConfiguration.BuildServiceProvider();
        var missing = Assert.Throws<OptionsValidationException>(() => _ = fromConfigurationProvider.GetRequiredService<IOptions<MfaRedisSendLimitOptions>>().Value)!;
        Assert.That(missing.Message, Does.Contain("'Redis:Configuration'"));
    }

    [Test]
    public void The_store_refuses_a_missing_hash_key_in_code()
    {
        using var connection = _backend.Connect();
        var failure = Assert.Throws<ArgumentException>(() => _ = new MfaRedisSendLimitStore(connection, new MfaRedisSendLimitOptions()))!;
        Assert.That(failure.Message, Does.Contain("'Redis:HashKey'"));
    }

    /// <summary>The fake MFA service: counts sends, answers 200.</summary>
    private sealed class CountingMfa : HttpMessageHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var body = request.RequestUri!.AbsolutePath.EndsWith("/code/verify", StringComparison.Ordinal) ? "{\"valid\":true}" : "{\"messageId\":\"m-1\"}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    private sealed class NonDisposing(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }
}

/// <summary>Collects the client's log lines (category Bandwidth.Mfa) of one test.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName == "Bandwidth.Mfa" ? Lines : null);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(int Id, LogLevel Level, string Message)>? lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines?.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
