using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.SendLimits;

/// <summary>
/// A send that is refused, or that never reaches the service, leaves no record in the store, also when the store's answer
/// comes late (issue 20, item 4): a store that answers late under the test's control, in front of the real in-memory store.
/// </summary>
public class RefusedIsNotCountedTests
{
    private FakeTimeProvider _time = null!;
    private Func<HttpRequestMessage, HttpResponseMessage> _answer = null!;
    private int _requests;

    [SetUp]
    public void SetUp()
    {
        _time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        _answer = _ => Json(200, "{\"messageId\":\"m-1\"}");
        _requests = 0;
    }

    private static HttpResponseMessage Json(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A client with a 1 hour cooldown and a budget of one send, over <paramref name="store"/>.</summary>
    private MfaService Create(IMfaSendLimitStore store, MfaSendLimitStoreFailure policy = MfaSendLimitStoreFailure.FailClosed, bool clientCredentials = false)
    {
        var options = new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            SendLimits = new MfaSendLimitOptions
            {
                ResendCooldown = TimeSpan.FromHours(1),
                MaxSendsPerAccount = 1,
                StoreFailure = policy,
                Store = store,
            },
        };
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
        var primary = new CallbackHandler((request, _) =>
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(_answer(request));
        });
        return MfaService.Create(options, primary, timeProvider: _time);
    }

    /// <summary>The next send to the same number, at the same time, is allowed: nothing of the refused one was counted.</summary>
    private async Task AssertNothingWasCounted(MfaService mfa)
    {
        var before = _requests;
        await mfa.SendSmsCodeAsync(Requests.To);
        Assert.That(_requests, Is.EqualTo(before + 1), "the cooldown and the budget of one were untouched");
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown), "this one send was counted");
    }

    [Test]
    public async Task A_send_refused_at_the_store_timeout_is_not_counted_when_the_answer_comes_after_the_release()
    {
        var store = new LateStore(new MfaInMemorySendLimitStore());
        using var mfa = Create(store);
        var send = mfa.SendSmsCodeAsync(Requests.To);
        await store.Asked.Task;
        _time.Advance(TimeSpan.FromMilliseconds(250));
        var refused = (await Assert.ThrowsAsync<MfaSendRefusedException>(() => send))!;
        Assert.That(refused.Rule, Is.EqualTo(MfaSendLimitRule.StoreUnavailable));

        await store.ReleaseDone.Task;      // the guard took the send back before the store recorded it...
        store.AnswerAcquire();             // ...and the store's late answer arrives now
        var late = await store.AcquireDone.Task;
        Assert.That(late.IsAllowed, Is.False, "the late acquire recorded nothing");
        Assert.That(_requests, Is.Zero);
        await AssertNothingWasCounted(mfa);
    }

    [Test]
    public async Task A_send_refused_at_the_store_timeout_is_not_counted_when_the_answer_comes_before_the_release()
    {
        var store = new LateStore(new MfaInMemorySendLimitStore()) { HoldReleases = true };
        using var mfa = Create(store);
        var send = mfa.SendSmsCodeAsync(Requests.To);
        await store.Asked.Task;
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await Assert.ThrowsAsync<MfaSendRefusedException>(() => send);

        await store.ReleaseCalled.Task;
        store.AnswerAcquire();             // the store records the send it was too slow to answer for...
        Assert.That((await store.AcquireDone.Task).IsAllowed, Is.True);
        store.LetReleaseThrough();         // ...and the release removes it
        await store.ReleaseDone.Task;
        await AssertNothingWasCounted(mfa);
    }

    [Test]
    public async Task A_send_the_caller_cancelled_while_the_store_was_slow_is_not_counted()
    {
        var store = new LateStore(new MfaInMemorySendLimitStore());
        using var mfa = Create(store);
        using var cts = new CancellationTokenSource();
        var send = mfa.SendSmsCodeAsync(Requests.To, cancellationToken: cts.Token);
        await store.Asked.Task;
        cts.Cancel();
        Assert.That(async () => await send, Throws.InstanceOf<OperationCanceledException>());

        await store.ReleaseDone.Task;
        store.AnswerAcquire();
        await store.AcquireDone.Task;
        await AssertNothingWasCounted(mfa);
    }

    [Test]
    public async Task With_FailOpen_a_send_made_after_the_timeout_is_counted_when_the_store_records_it_late()
    {
        var store = new LateStore(new MfaInMemorySendLimitStore());
        using var mfa = Create(store, MfaSendLimitStoreFailure.FailOpen);
        var send = mfa.SendSmsCodeAsync(Requests.To);
        await store.Asked.Task;
        _time.Advance(TimeSpan.FromMilliseconds(250));
        await send;
        Assert.That(_requests, Is.EqualTo(1), "sent without limits");
        store.AnswerAcquire();
        Assert.That((await store.AcquireDone.Task).IsAllowed, Is.True);
        Assert.That(store.Releases, Is.Zero, "it was sent: its late record is a true count");
        Assert.That((await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
    }

    [Test]
    public async Task A_send_that_never_left_because_the_token_request_failed_is_not_counted()
    {
        var tokenFails = true;
        _answer = request => request.RequestUri!.AbsoluteUri == TokenEndpoint.Url
            ? (tokenFails ? Json(500, "{}") : Json(200, "{\"access_token\":\"tok\",\"token_type\":\"Bearer\",\"expires_in\":3600}"))
            : Json(200, "{\"messageId\":\"m-1\"}");
        var store = new LateStore(new MfaInMemorySendLimitStore());
        store.AnswerAcquire();
        using var mfa = Create(store, clientCredentials: true);

        await Assert.ThrowsAsync<MfaAuthenticationException>(() => mfa.SendSmsCodeAsync(Requests.To));
        await store.ReleaseDone.Task;
        tokenFails = false;
        await mfa.SendSmsCodeAsync(Requests.To);
        Assert.That((await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
    }

    [Test]
    public async Task A_send_whose_connection_was_refused_is_not_counted()
    {
        var refuse = true;
        _answer = _ => refuse
            ? throw TransportFailures.ConnectionError("refused", new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused))
            : Json(200, "{\"messageId\":\"m-1\"}");
        var store = new LateStore(new MfaInMemorySendLimitStore());
        store.AnswerAcquire();
        using var mfa = Create(store);

        var failure = (await Assert.ThrowsAsync<MfaTransportException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(failure.RequestMayHaveReachedServer, Is.False);
        await store.ReleaseDone.Task;
        refuse = false;
        await AssertNothingWasCounted(mfa);
    }

    [TestCase(400, false)]
    [TestCase(401, false)]
    [TestCase(500, false)]
    [TestCase(502, true)]  // a gateway's 502 can hide a delivered code
    [TestCase(504, true)]
    public async Task An_error_answer_is_counted_only_when_the_code_may_have_been_sent(int status, bool counted)
    {
        _answer = _ => Json(status, "{\"error\":\"no\",\"requestId\":\"r-1\"}");
        var store = new LateStore(new MfaInMemorySendLimitStore());
        store.AnswerAcquire();
        using var mfa = Create(store);

        var failure = (await Assert.CatchAsync<MfaException>(() => mfa.SendSmsCodeAsync(Requests.To)))!;
        Assert.That(failure.RequestMayHaveReachedServer, Is.EqualTo(counted));
        _answer = _ => Json(200, "{\"messageId\":\"m-1\"}");
        if (counted)
        {
            Assert.That((await Assert.ThrowsAsync<MfaSendRefusedException>(() => mfa.SendSmsCodeAsync(Requests.To)))!.Rule, Is.EqualTo(MfaSendLimitRule.ResendCooldown));
            Assert.That(store.Releases, Is.Zero);
        }
        else
        {
            await store.ReleaseDone.Task;
            await AssertNothingWasCounted(mfa);
        }
    }

    [Test]
    public async Task A_release_that_arrives_before_its_acquire_leaves_no_record_in_the_in_memory_store()
    {
        var store = new MfaInMemorySendLimitStore();
        var now = _time.GetUtcNow();
        var request = new MfaSendLimitRequest(null, "send-1", Requests.To, MockMfa.AccountId, now, TimeSpan.FromHours(1), 5, TimeSpan.FromHours(1), 10, TimeSpan.FromHours(1));
        await store.ReleaseAsync(request, default);
        Assert.That((await store.TryAcquireAsync(request, default)).IsAllowed, Is.False, "released before it arrived");
        var next = new MfaSendLimitRequest(null, "send-2", Requests.To, MockMfa.AccountId, now, TimeSpan.FromHours(1), 5, TimeSpan.FromHours(1), 10, TimeSpan.FromHours(1));
        Assert.That((await store.TryAcquireAsync(next, default)).IsAllowed, Is.True);
        await store.ReleaseAsync(next, default);
        Assert.That((await store.TryAcquireAsync(new MfaSendLimitRequest(null, "send-3", Requests.To, MockMfa.AccountId, now, TimeSpan.FromHours(1), 5, TimeSpan.FromHours(1), 10, TimeSpan.FromHours(1)), default)).IsAllowed,
            Is.True, "the released send-2 no longer counts");
    }
}
