using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis.Tests;

/// <summary>
/// Redis slow, down at start-up, refusing, cut off and restarted (issue 20, items 4, 6 and 8): a refused send is never
/// counted, even when its script runs late; no send waits longer than StoreTimeout; the cause of an outage is told.
/// Real sockets: where a wait on one is needed, it is bounded and the test asserts on the outcome, never on elapsed time.
/// </summary>
[TestFixture(RedisBackend.Garnet)]
[TestFixture(RedisBackend.RedisServer)]
[NonParallelizable]
public class RedisOutageTests(string backendKind) : RedisTestBase(backendKind)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private TimerCountingTimeProvider _time = null!;

    [SetUp]
    public void SetUpClock() => _time = new TimerCountingTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));

    /// <summary>A client with a 1 hour cooldown, a budget of one send and a 250 ms store timeout, over <paramref name="store"/>.</summary>
    private MfaService Client(IMfaSendLimitStore store, ILoggerFactory? loggers = null)
    {
        var options = new MfaOptions
        {
            SendLimits = new MfaSendLimitOptions { ResendCooldown = TimeSpan.FromHours(1), MaxSendsPerAccount = 1, StoreTimeout = TimeSpan.FromMilliseconds(250), Store = store },
        };
        Basics(options);
        return Own(MfaService.Create(options, Mfa, loggers, _time));
    }

    private static MfaRedisSendLimitOptions Settings() => new() { HashKey = HashKey };

    private async Task<long> RecordsOf(string kind)
    {
        var database = Connect().GetDatabase();
        var keys = ((RedisResult[])(await database.ExecuteAsync("KEYS", "*:" + kind + ":*"))!).Select(k => (string)k!);
        long total = 0;
        foreach (var key in keys)
        {
            total += await database.SortedSetLengthAsync(key);
        }

        return total;
    }

    [Test]
    public async Task A_send_refused_while_Redis_was_slow_is_not_counted_when_its_script_runs_late()
    {
        using var link = new SlowLink(Backend.Port);
        var store = new SignallingStore(new MfaRedisSendLimitStore(Connect(link.Endpoint), Settings()));
        var mfa = Client(store);

        link.Hold();
        var send = mfa.SendSmsCodeAsync(To);
        await link.Holding.Task.WaitAsync(Bound);       // the script is written and waits, as on a slow Redis
        await _time.WhenTimersCreated(1);
        _time.Advance(TimeSpan.FromMilliseconds(250));
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => send))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));

        await store.ReleaseCalled.Task.WaitAsync(Bound);
        link.Resume();                                   // the late script runs and records the send; the release follows it
        await store.ReleaseDone.Task.WaitAsync(Bound);
        Assert.That(await RecordsOf("n"), Is.Zero, "no record of the refused send");
        Assert.That(await RecordsOf("a"), Is.Zero, "the budget is untouched");
        Assert.That(Mfa.Count, Is.Zero);

        await mfa.SendSmsCodeAsync(To);
        Assert.That((await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(To)))!.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
        Assert.That(Mfa.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task A_release_that_reaches_Redis_before_its_script_leaves_no_record()
    {
        var store = new MfaRedisSendLimitStore(Connect(), Settings());
        var request = new MfaSendLimitRequest("brand", "send-1", To, AccountId, _time.GetUtcNow(), TimeSpan.FromHours(1), 5, TimeSpan.FromHours(1), 10, TimeSpan.FromHours(1));
        await store.ReleaseAsync(request, default);
        Assert.That((await store.TryAcquireAsync(request, default)).IsAllowed, Is.False);
        Assert.That(await RecordsOf("n"), Is.Zero);
        Assert.That(await RecordsOf("a"), Is.Zero);
        Assert.That(await Connect().GetDatabase().KeyExistsAsync("bandwidth-mfa:send-limits:{named:brand}:r:send-1"), Is.False, "the marker is used up");

        var next = new MfaSendLimitRequest("brand", "send-2", To, AccountId, _time.GetUtcNow(), TimeSpan.FromHours(1), 5, TimeSpan.FromHours(1), 10, TimeSpan.FromHours(1));
        Assert.That((await store.TryAcquireAsync(next, default)).IsAllowed, Is.True);
        Assert.That(await RecordsOf("n"), Is.EqualTo(1));
        await store.ReleaseAsync(next, default);
        Assert.That(await RecordsOf("n"), Is.Zero);
        Assert.That(await RecordsOf("a"), Is.Zero);
    }

    [Test]
    public async Task A_release_Redis_cannot_take_is_kept_and_applied_when_Redis_answers_again()
    {
        using var link = new SlowLink(Backend.Port);
        var connection = Connect(link.Endpoint);
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.ConnectionFailed += (_, _) => lost.TrySetResult();
        connection.ConnectionRestored += (_, _) => back.TrySetResult();
        var store = new MfaRedisSendLimitStore(connection, Settings());
        var request = new MfaSendLimitRequest(null, "send-1", To, AccountId, _time.GetUtcNow(), TimeSpan.FromHours(1), 5, TimeSpan.FromHours(1), 10, TimeSpan.FromHours(1));
        Assert.That((await store.TryAcquireAsync(request, default)).IsAllowed, Is.True);

        link.Break();
        await lost.Task.WaitAsync(Bound);
        await store.ReleaseAsync(request, default);
        Assert.That(store.PendingReleases, Is.EqualTo(1), "kept until Redis answers");
        Assert.That(await RecordsOf("n"), Is.EqualTo(1));

        link.Mend();
        await back.Task.WaitAsync(Bound);
        await WaitUntil(() => store.PendingReleases == 0);
        Assert.That(await RecordsOf("n"), Is.Zero);
        Assert.That(await RecordsOf("a"), Is.Zero);
    }

    [Test]
    public async Task The_first_send_with_Redis_hanging_at_start_up_waits_no_longer_than_StoreTimeout()
    {
        // On main the connection was opened synchronously when the client was built, inside the first send: with a
        // Redis that accepts and never answers, the send stalled for the whole connect timeout (30 s here).
        using var silent = new SilentPort();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        services.AddBandwidthMfa(o =>
        {
            Basics(o);
            o.SendLimits = new MfaSendLimitOptions { StoreTimeout = TimeSpan.FromMilliseconds(250) };
        }).ConfigurePrimaryHttpMessageHandler(Mfa.Shared).UseRedisSendLimits(Section(
            ("Configuration", "127.0.0.1:" + silent.Port + ",connectTimeout=30000"), ("HashKey", HashKey)));
        var provider = Own(services.BuildServiceProvider());

        var send = Task.Run(() => provider.GetRequiredService<IMfaService>().SendSmsCodeAsync(To));
        await _time.WhenTimersCreated(1, TimeSpan.FromSeconds(10));  // the guard is waiting for the store...
        _time.Advance(TimeSpan.FromMilliseconds(250));                // ...for StoreTimeout, no longer
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => send.WaitAsync(Bound)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));
        Assert.That(Mfa.Count, Is.Zero);
    }

    [Test]
    public async Task Redis_refusing_at_start_up_fails_sends_at_once_with_the_cause_and_they_go_through_once_Redis_is_up()
    {
        var port = RedisBackend.FreeLoopbackPort();
        var logs = new ListLoggerProvider();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs));
        var connection = Own(MfaRedisConnection.Open("127.0.0.1:" + port + ",connectTimeout=1000"));
        var store = new MfaRedisSendLimitStore(connection, Settings());
        var mfa = Client(store, loggers);
        await connection.FirstAttempt.WaitAsync(Bound);

        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));
        Assert.That(refused.InnerException, Is.TypeOf<MfaSendLimitStoreException>());
        var line = logs.Lines.Single(l => l.Id == 1105);
        TestContext.Out.WriteLine(line.Message);
        Assert.That(line.Level, Is.EqualTo(LogLevel.Error));
        // The socket's answer alone, or after the library gave up on its attempt as well: "(UnableToConnect, ConnectionRefused)".
        Assert.That(line.Message, Does.Contain("(Redis is not connected (").And.Contain("ConnectionRefused))").And.Not.Contain(port.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Own(RedisBackend.Start(BackendKind, port));
        await WaitUntil(() => connection.WhenCreated.IsCompleted && connection.WhenCreated.Result.IsConnected);
        await mfa.SendSmsCodeAsync(To);
        Assert.That(Mfa.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task While_Redis_is_down_sends_are_refused_and_after_a_restart_they_are_limited_again()
    {
        var connection = Connect();
        var mfa = Client(new MfaRedisSendLimitStore(connection, Settings()));
        await mfa.SendSmsCodeAsync(To);

        Backend.Stop();
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync("+19195550001").WaitAsync(Bound)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));

        Backend.Restart();
        await WaitUntil(() => connection.IsConnected);
        await mfa.SendSmsCodeAsync("+19195550002");
        Assert.That(Mfa.Count, Is.EqualTo(2), "the restarted server is empty: the budget starts afresh");
        Assert.That((await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync("+19195550002")))!.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
    }

    private static IConfiguration Section(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    /// <summary>Waits for a condition that a real socket brings about; bounded, polled, never the assertion itself.</summary>
    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("the condition did not come true within " + Bound.TotalSeconds + " s");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Passes everything to the real store and signals the guard's releases.</summary>
    private sealed class SignallingStore(IMfaSendLimitStore inner) : IMfaSendLimitStore
    {
        public TaskCompletionSource ReleaseCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource ReleaseDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken) => inner.TryAcquireAsync(request, cancellationToken);

        public async Task ReleaseAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            ReleaseCalled.TrySetResult();
            await inner.ReleaseAsync(request, cancellationToken);
            ReleaseDone.TrySetResult();
        }
    }
}
