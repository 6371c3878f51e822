using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.SendLimits;

/// <summary>
/// An outage of the send-limit store does not look like a routine refusal (issue 20, item 8): its own event id and level
/// with the store's real cause, the rule on the measurement, and a health check that says the store fails.
/// </summary>
[NonParallelizable] // the telemetry recorder listens to every Bandwidth.Mfa meter of the process
public class StoreOutageVisibilityTests
{
    private FakeTimeProvider _time = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggers = null!;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        _logs = new CapturingLoggerProvider();
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    [TearDown]
    public void TearDown()
    {
        _loggers.Dispose();
        _logs.Dispose();
    }

    private static Task<HttpResponseMessage> Ok() =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"messageId\":\"m-1\"}", Encoding.UTF8, "application/json") });

    private MfaService Create(IMfaSendLimitStore store, MfaSendLimitStoreFailure policy = MfaSendLimitStoreFailure.FailClosed, TimeSpan? cooldown = null)
    {
        var options = new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            AccessToken = "t",
            SendLimits = new MfaSendLimitOptions { Store = store, StoreFailure = policy, ResendCooldown = cooldown ?? TimeSpan.FromSeconds(30) },
        };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        return MfaService.Create(options, new CallbackHandler((_, _) => Ok()), _loggers, _time);
    }

    [Test]
    public async Task A_store_failure_is_its_own_error_event_with_the_stores_cause_and_a_refusal_by_rule_is_not()
    {
        using var failing = Create(new FailingStore(new InvalidOperationException("connect to 10.1.2.3:6379 refused for +19195551234\r\nsecond line")));
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => failing.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));

        var outage = _logs.Lines.Single(l => l.EventId.Id == 1105);
        Assert.That(outage.EventId.Name, Is.EqualTo("SendLimitStoreUnavailable"));
        Assert.That(outage.Level, Is.EqualTo(LogLevel.Error));
        Assert.That(outage.Message, Is.EqualTo("MFA generateMessagingCode: the send-limit store failed (InvalidOperationException: connect to ##.#.#.#:#### refused for +###########); "
            + "StoreFailure is FailClosed, so the send was refused and is not counted"));
        var callLine = _logs.Lines.Single(l => l.EventId.Id == 1102);
        Assert.That(callLine.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(callLine.Message, Does.Contain("MfaSendRefusedException: StoreUnavailable"));

        // A refusal by a rule: the call line alone, naming its rule; no store event.
        _logs.Lines.Clear();
        using var cooling = Create(new MfaInMemorySendLimitStore());
        await cooling.SendSmsCodeAsync(Requests.To);
        await Assert.ThrowsAsync<MfaSendRefusedException>(() => cooling.SendSmsCodeAsync(Requests.To));
        Assert.That(_logs.Lines.Where(l => l.EventId.Id == 1105), Is.Empty);
        Assert.That(_logs.Lines.Single(l => l.EventId.Id == 1102).Message, Does.Contain("MfaSendRefusedException: ResendCooldown"));
    }

    [Test]
    public async Task A_stores_own_cause_is_logged_as_it_wrote_it_and_a_timeout_says_how_long_it_waited()
    {
        using (var mfa = Create(new FailingStore(new MfaSendLimitStoreException("Redis is not connected (UnableToConnect, ConnectionRefused)", null))))
        {
            await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To));
        }

        Assert.That(_logs.Lines.Single(l => l.EventId.Id == 1105).Message, Does.Contain("(Redis is not connected (UnableToConnect, ConnectionRefused))"));

        _logs.Lines.Clear();
        var late = new LateStore(new MfaInMemorySendLimitStore());
        using (var mfa = Create(late, MfaSendLimitStoreFailure.FailOpen))
        {
            var send = mfa.SendSmsCodeAsync(Requests.To);
            await late.Asked.Task;
            _time.Advance(TimeSpan.FromMilliseconds(250));
            await send;
            late.AnswerAcquire();
        }

        Assert.That(_logs.Lines.Single(l => l.EventId.Id == 1105).Message,
            Is.EqualTo("MFA generateMessagingCode: the send-limit store failed (no answer within 250 ms); StoreFailure is FailOpen, so the send goes ahead without limits"));
    }

    [Test]
    public async Task A_refusal_carries_its_rule_on_the_measurement_and_the_span()
    {
        using var telemetry = new TelemetryRecorder();
        using (var mfa = Create(new MfaInMemorySendLimitStore()))
        {
            await mfa.SendSmsCodeAsync(Requests.To);
            await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To));
        }

        using (var mfa = Create(new FailingStore(new InvalidOperationException("down"))))
        {
            await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To));
        }

        var sent = telemetry.Of("mfa.client.codes.sent");
        Assert.That(sent.Select(m => (m["outcome"], m["mfa.send_limit.rule"])), Is.EqualTo(new (object?, object?)[]
        {
            ("accepted", null),
            ("refused", "resend_cooldown"),
            ("refused", "store_unavailable"),
        }));
        Assert.That(telemetry.MfaSpans.Select(s => s.GetTagItem("mfa.send_limit.rule")), Is.EqualTo(new object?[] { null, "resend_cooldown", "store_unavailable" }));
    }

    [Test]
    public async Task The_health_check_reports_a_failing_store_by_policy_and_recovers_when_it_answers()
    {
        var store = new FailingStore(new MfaSendLimitStoreException("Redis is not connected (UnableToConnect, ConnectionRefused)", null));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_time);
        foreach (var (name, policy) in new[] { ("closed", MfaSendLimitStoreFailure.FailClosed), ("open", MfaSendLimitStoreFailure.FailOpen) })
        {
            services.AddBandwidthMfa(name, o =>
            {
                o.BaseUrl = new Uri(MockMfa.BaseUrl);
                o.AccountId = MockMfa.AccountId;
                o.AccessToken = "t";
                o.Messaging.From = Requests.From;
                o.Messaging.ApplicationId = Requests.ApplicationId;
                o.SendLimits = new MfaSendLimitOptions { StoreFailure = policy, ResendCooldown = TimeSpan.Zero };
            }).ConfigurePrimaryHttpMessageHandler(() => new CallbackHandler((_, _) => Ok()));
        }

        services.AddSingleton<IMfaSendLimitStore>(store);
        services.AddHealthChecks().AddBandwidthMfa("closed").AddBandwidthMfa("open");
        using var provider = services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        Assert.That((await health.CheckHealthAsync()).Status, Is.EqualTo(HealthStatus.Healthy));
        await Assert.ThrowsAsync<MfaSendRefusedException>(() => provider.GetRequiredKeyedService<IMfaService>("closed").SendSmsCodeAsync(Requests.To));
        await provider.GetRequiredKeyedService<IMfaService>("open").SendSmsCodeAsync(Requests.To);

        var report = await health.CheckHealthAsync();
        var closed = report.Entries["bandwidth-mfa:closed"];
        Assert.That(closed.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(closed.Description, Is.EqualTo("The send-limit store failed on the last send (Redis is not connected (UnableToConnect, ConnectionRefused)); sends are refused until it answers (StoreFailure is FailClosed)."));
        Assert.That(closed.Data["send_limit_store_failures"], Is.EqualTo(1));
        var open = report.Entries["bandwidth-mfa:open"];
        Assert.That(open.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(open.Description, Does.Contain("sends go out without limits"));

        store.Failure = null;
        await provider.GetRequiredKeyedService<IMfaService>("closed").SendSmsCodeAsync(Requests.To);
        report = await health.CheckHealthAsync();
        Assert.That(report.Entries["bandwidth-mfa:closed"].Status, Is.EqualTo(HealthStatus.Healthy));
        Assert.That(report.Entries["bandwidth-mfa:open"].Status, Is.EqualTo(HealthStatus.Degraded), "its own store answer is still the failed one");

        // Like a failed call, a store failure is forgotten after the check's failure window (default 1 minute): a client
        // that a readiness gate took out of traffic sends nothing that would reset it.
        _time.Advance(TimeSpan.FromMinutes(1) - TimeSpan.FromTicks(1));
        Assert.That((await health.CheckHealthAsync()).Entries["bandwidth-mfa:open"].Status, Is.EqualTo(HealthStatus.Degraded));
        _time.Advance(TimeSpan.FromTicks(1));
        Assert.That((await health.CheckHealthAsync()).Entries["bandwidth-mfa:open"].Status, Is.EqualTo(HealthStatus.Healthy));
    }

    /// <summary>A store that fails with <see cref="Failure"/> while it is set, and allows every send otherwise.</summary>
    private sealed class FailingStore(Exception? failure) : IMfaSendLimitStore
    {
        public Exception? Failure { get; set; } = failure;

        public Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken) =>
            Failure == null ? Task.FromResult(MfaSendLimitDecision.Allowed) : Task.FromException<MfaSendLimitDecision>(Failure);

        public Task ReleaseAsync(MfaSendLimitRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
