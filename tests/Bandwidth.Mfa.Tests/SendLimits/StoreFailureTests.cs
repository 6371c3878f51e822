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

/// <summary>What a send does when the store fails or does not answer within StoreTimeout: fail closed (default) or open.</summary>
public class StoreFailureTests
{
    private MockMfa _mock = null!;
    private FakeTimeProvider _time = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggers = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _mock.Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}");
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        _logs = new CapturingLoggerProvider();
        _loggers = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
    }

    [TearDown]
    public void TearDown()
    {
        _loggers.Dispose();
        _logs.Dispose();
        _mock.Dispose();
    }

    private MfaService Create(IMfaSendLimitStore store, MfaSendLimitStoreFailure policy)
    {
        var options = new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            AccessToken = "t",
            SendLimits = new MfaSendLimitOptions { Store = store, StoreFailure = policy },
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        return MfaService.Create(options, _mock.Handler, _loggers, _time);
    }

    [Test]
    public async Task Fail_closed_refuses_when_the_store_throws_and_sends_nothing()
    {
        using var mfa = Create(new ThrowingStore(), MfaSendLimitStoreFailure.FailClosed);
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));
        Assert.That(refused.RetryAt, Is.Null);
        Assert.That(refused.RequestMayHaveReachedServer, Is.False);
        Assert.That(refused.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(_mock.RequestCount, Is.EqualTo(0));
    }

    [Test]
    public async Task Fail_closed_refuses_exactly_at_the_store_timeout_and_not_before()
    {
        var store = new SilentStore();
        using var mfa = Create(store, MfaSendLimitStoreFailure.FailClosed);
        var send = mfa.SendSmsCodeAsync(Requests.To);
        await store.Asked.Task;
        _time.Advance(TimeSpan.FromMilliseconds(250) - TimeSpan.FromTicks(1));
        Assert.That(send.IsCompleted, Is.False);
        _time.Advance(TimeSpan.FromTicks(1));
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => send))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));
        // The store's own continuation may run on another thread: wait for its signal (bounded only to catch a hang).
        await store.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(store.WasCancelled, Is.True, "the store's call is cancelled when the guard gives up");
        Assert.That(_mock.RequestCount, Is.EqualTo(0));
    }

    [Test]
    public async Task Fail_open_sends_with_one_warning_when_the_store_throws()
    {
        using var mfa = Create(new ThrowingStore(), MfaSendLimitStoreFailure.FailOpen);
        await mfa.SendSmsCodeAsync(Requests.To);
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
        var warning = _logs.Lines.Single(l => l.EventId == LogEventIds.SendLimitStoreUnavailable);
        Assert.That(warning.EventId.Name, Is.EqualTo("SendLimitStoreUnavailable"));
        Assert.That(warning.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(warning.Message, Does.Contain("FailOpen").And.Not.Contain(Requests.To));
    }

    [Test]
    public async Task Fail_open_sends_after_the_store_timeout()
    {
        var store = new SilentStore();
        using var mfa = Create(store, MfaSendLimitStoreFailure.FailOpen);
        var send = mfa.SendSmsCodeAsync(Requests.To);
        await store.Asked.Task;
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await send;
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
        Assert.That(_logs.Lines.Count(l => l.EventId.Id == 1105), Is.EqualTo(1));
    }

    [Test]
    public void The_callers_cancellation_is_not_a_store_failure()
    {
        using var mfa = Create(new SilentStore(), MfaSendLimitStoreFailure.FailOpen);
        using var cts = new CancellationTokenSource();
        var send = mfa.SendSmsCodeAsync(Requests.To, cancellationToken: cts.Token);
        cts.Cancel();
        Assert.That(async () => await send, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(_mock.RequestCount, Is.EqualTo(0));
    }

    private sealed class ThrowingStore : IMfaSendLimitStore
    {
        public Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("store down");
    }

    private sealed class SilentStore : IMfaSendLimitStore
    {
        public TaskCompletionSource Asked { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool WasCancelled => Cancelled.Task.IsCompleted;

        public async Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
        {
            Asked.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled.TrySetResult();
                throw;
            }

            return MfaSendLimitDecision.Allowed;
        }
    }
}
