using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Reliability;

/// <summary>Retries are opt-in, and even then a send that may have reached the server is never sent again.</summary>
public class RetryTests
{
    private MockMfa _mock = null!;
    private TimerCountingTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _time = new TimerCountingTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
    }

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private MfaService Create(MfaRetryOptions? retry)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "t", Retry = retry, Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        return MfaService.Create(options, _mock.Handler, timeProvider: _time);
    }

    private void AnswerInOrder(params Func<HttpResponseMessage>[] answers)
    {
        var next = 0;
        _mock.AnswerAll(_ => answers[Math.Min(Interlocked.Increment(ref next) - 1, answers.Length - 1)]());
    }

    private static HttpResponseMessage Json(int status, string body, int? retryAfterSeconds = null)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        return response;
    }

    private static HttpResponseMessage Error(int status, int? retryAfter = null) =>
        Json(status, "{\"error\":\"Service Unavailable\",\"requestId\":\"r-1\"}", retryAfter);

    [Test]
    public async Task Without_opting_in_nothing_is_retried_even_with_retry_after()
    {
        AnswerInOrder(() => Error(503, 1), () => Json(200, "{\"valid\":true}"));
        using var service = Create(retry: null);

        var ex = await Assert.ThrowsAsync<MfaApiException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.Status, Is.EqualTo(503));
        Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_503_with_retry_after_waits_exactly_that_long_on_the_injected_clock()
    {
        AnswerInOrder(() => Error(503, 5), () => Json(200, "{\"messageId\":\"m-2\"}"));
        using var service = Create(new MfaRetryOptions());

        var call = service.SendSmsCodeAsync(Requests.To);
        await _time.WhenTimersCreated(1);
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
        _time.Advance(TimeSpan.FromSeconds(4.9));
        // Due timers fire inside Advance, synchronously: none has, so the retry cannot have started.
        Assert.That(_time.TimersFired, Is.Zero, "still waiting for Retry-After");
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
        Assert.That(call.IsCompleted, Is.False);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.That(_time.TimersFired, Is.EqualTo(1), "the Retry-After delay ended exactly at 5 s");
        var result = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(result.MessageId, Is.EqualTo("m-2"));
        Assert.That(_mock.RequestCount, Is.EqualTo(2));
        Assert.That(_mock.Requests.Last().Body, Is.EqualTo(_mock.Requests.First().Body));
    }

    [Test]
    public async Task A_429_on_verify_with_retry_after_is_retried()
    {
        AnswerInOrder(() => Error(429, 2), () => Json(200, "{\"valid\":true}"));
        using var service = Create(new MfaRetryOptions());

        var call = service.VerifyCodeAsync(Requests.To, "123456");
        await _time.WhenTimersCreated(1);
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.That(await call.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(_mock.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_retry_after_longer_than_the_limit_surfaces_at_once()
    {
        AnswerInOrder(() => Error(429, 120), () => Json(200, "{\"valid\":true}"));
        using var service = Create(new MfaRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(30) });

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_429_without_retry_after_is_not_retried()
    {
        AnswerInOrder(() => Error(429), () => Json(200, "{\"valid\":true}"));
        using var service = Create(new MfaRetryOptions());

        await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(_mock.RequestCount, Is.EqualTo(1));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(504)]
    public async Task A_send_is_not_retried_after_a_server_error(int status)
    {
        AnswerInOrder(() => Error(status), () => Json(200, "{\"messageId\":\"m-2\"}"));
        using var service = Create(new MfaRetryOptions { BaseDelay = TimeSpan.Zero });

        var ex = await Assert.ThrowsAsync(Is.InstanceOf<MfaApiException>(), () => service.SendSmsCodeAsync(Requests.To));

        Assert.That(((MfaApiException)ex!).Status, Is.EqualTo(status));
        Assert.That(_mock.RequestCount, Is.EqualTo(1), "a second text could reach the user");
    }

    [Test]
    public async Task A_send_is_retried_after_a_server_error_only_when_opted_in()
    {
        AnswerInOrder(() => Error(500), () => Json(200, "{\"messageId\":\"m-2\"}"));
        using var service = Create(new MfaRetryOptions { BaseDelay = TimeSpan.Zero, RetrySendsOnServerErrors = true });

        var result = await service.SendSmsCodeAsync(Requests.To);

        Assert.That(result.MessageId, Is.EqualTo("m-2"));
        Assert.That(_mock.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_verify_is_retried_after_a_server_error()
    {
        AnswerInOrder(() => Error(502), () => Error(500), () => Json(200, "{\"valid\":true}"));
        using var service = Create(new MfaRetryOptions { BaseDelay = TimeSpan.Zero, MaxRetryAttempts = 2 });

        Assert.That(await service.VerifyCodeAsync(Requests.To, "123456"), Is.True);
        Assert.That(_mock.RequestCount, Is.EqualTo(3));
    }

    [Test]
    public async Task A_failed_connection_is_retried_even_for_a_send()
    {
        var attempts = 0;
        _mock.Handler.When("*").Respond(_ =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw TransportFailures.ConnectionError("refused");
            }

            return Json(200, "{\"messageId\":\"m-9\"}");
        });
        using var service = Create(new MfaRetryOptions { BaseDelay = TimeSpan.Zero });

        var result = await service.SendSmsCodeAsync(Requests.To);

        Assert.That(result.MessageId, Is.EqualTo("m-9"));
        Assert.That(attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task A_send_whose_connection_broke_after_sending_is_not_retried()
    {
        var attempts = 0;
        _mock.Handler.When("*").Respond(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw TransportFailures.ResponseEnded("response ended");
        });
        using var service = Create(new MfaRetryOptions { BaseDelay = TimeSpan.Zero });

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => service.SendSmsCodeAsync(Requests.To));

        Assert.That(ex!.RequestMayHaveReachedServer, Is.True);
        Assert.That(attempts, Is.EqualTo(1));
    }

    [Test]
    public async Task A_verify_whose_connection_broke_after_sending_is_retried()
    {
        var attempts = 0;
        _mock.Handler.When("*").Respond(_ =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                throw TransportFailures.ResponseEnded("response ended");
            }

            return Json(200, "{\"valid\":false}");
        });
        using var service = Create(new MfaRetryOptions { BaseDelay = TimeSpan.Zero });

        Assert.That(await service.VerifyCodeAsync(Requests.To, "123456"), Is.False);
        Assert.That(attempts, Is.EqualTo(2));
    }

    [Test]
    public async Task A_retry_after_that_would_outlast_the_call_timeout_surfaces_the_answer_instead()
    {
        AnswerInOrder(() => Error(429, 20), () => Json(200, "{\"valid\":true}"));
        var options = new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            AccessToken = "t",
            Timeout = TimeSpan.FromSeconds(10),
            Retry = new MfaRetryOptions { MaxRetryAfter = TimeSpan.FromSeconds(30) },
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        };
        using var service = MfaService.Create(options, _mock.Handler, timeProvider: _time);

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.IsRateLimited, Is.True, "the 429, not a timeout");
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
    }
}
