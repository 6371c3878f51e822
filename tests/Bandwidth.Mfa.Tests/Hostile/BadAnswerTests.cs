using System;
using System.IO;
using System.IO.Compression;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Hostile;

/// <summary>
/// Servers that answer badly on purpose, over real sockets and the real SocketsHttpHandler: every call ends within
/// its timeout as an exception of the family (or the documented result), with no secret in any message or log line.
/// </summary>
public class BadAnswerTests : HostileTestBase
{
    private const string RequestId = "354cc8a3-6701-461e-8fa7-8671703dd898";

    [Test]
    public async Task A_body_trickled_beyond_the_timeout_is_a_timeout()
    {
        var server = Serve(async (_, c) =>
        {
            await c.WriteAsync(Answers.Head(200, "application/json", 1000) + "{");
            while (true)
            {
                await Task.Delay(100, c.Stopping); // the server's pace, not an assertion
                await c.WriteAsync(" ");
            }
        });
        using var service = Create(server, ShortTimeout);

        var ex = await Fails<MfaTimeoutException>(() => Verify(service), ShortTimeout);

        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    [Test]
    public async Task Headers_that_never_end_are_a_timeout()
    {
        var server = Serve(async (_, c) =>
        {
            await c.WriteAsync("HTTP/1.1 200 OK\r\n");
            while (true)
            {
                await c.WriteAsync("X-Slow: 1\r\n");
                await Task.Delay(100, c.Stopping);
            }
        });
        using var service = Create(server, ShortTimeout);

        var ex = await Fails<MfaTimeoutException>(() => Verify(service), ShortTimeout);

        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    [Test]
    public async Task A_reset_in_the_middle_of_the_body_is_a_transport_failure_that_may_have_reached_the_server()
    {
        var server = Serve(async (_, c) =>
        {
            await c.WriteAsync(Answers.Head(200, "application/json", 1000) + "{\"messageId\":");
            c.Reset();
        });
        using var service = Create(server);

        var ex = await Fails<MfaTransportException>(() => service.SendSmsCodeAsync(Requests.To), AnswerTimeout);

        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    [TestCase(200, typeof(MfaInvalidResponseException))]
    [TestCase(400, typeof(MfaApiException<MfaRequestError>))]
    public async Task A_10_mb_body_is_cut_at_the_cap(int status, Type expected)
    {
        var server = Serve(async (_, c) =>
        {
            const int size = 10 * 1024 * 1024;
            await c.WriteAsync(Answers.Head(status, "application/json", size));
            var block = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var sent = 0; sent < size; sent += block.Length)
            {
                await c.WriteAsync(block);
            }
        });
        using var service = Create(server);

        var ex = await Fails<MfaException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex, Is.TypeOf(expected));
        Assert.That(ex.Status, Is.EqualTo(status));
        if (ex is MfaApiException api)
        {
            Assert.That(api.Response, Is.Empty, "an error body over the cap is dropped");
        }

        Assert.That(server.RequestCount, Is.EqualTo(1));
        // An error status is an answer (its body dropped); a success whose body cannot be used is a failure of the call.
        Assert.That(CallLine().EventId, Is.EqualTo(status == 200 ? LogEventIds.CallFailed : LogEventIds.CallCompleted));
    }

    [Test]
    public async Task An_endless_chunked_body_is_cut_at_the_cap()
    {
        var server = Serve(async (_, c) =>
        {
            await c.WriteAsync(Answers.Head(200, "application/json", null, "Transfer-Encoding: chunked"));
            var chunk = "1000\r\n" + new string(' ', 0x1000) + "\r\n";
            while (true)
            {
                await c.WriteAsync(chunk);
            }
        });
        using var service = Create(server);

        var ex = await Fails<MfaInvalidResponseException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Message, Does.Contain("larger than 65536 bytes"));
        Assert.That(server.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_gzip_body_the_client_did_not_ask_for_is_an_unreadable_answer()
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes("{\"valid\":true}"));
        }

        var body = packed.ToArray();
        var server = Serve(async (_, c) =>
        {
            await c.WriteAsync(Answers.Head(200, "application/json", body.Length, "Content-Encoding: gzip"));
            await c.WriteAsync(body);
        });
        using var service = Create(server);

        var ex = await Fails<MfaInvalidResponseException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(200));
        Assert.That(server.Requests[0].Header("Accept-Encoding"), Is.Null, "the client does not ask for compression");
        Assert.That(server.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_204_on_a_verify_is_an_error_never_a_result()
    {
        var server = Serve((_, c) => c.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
        using var service = Create(server);

        var ex = await Fails<MfaApiException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(204));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Json_labelled_text_plain_is_read_as_json()
    {
        var server = Serve(Answers.Status(200, "{\"valid\":true}", "text/plain"));
        using var service = Create(server);

        var valid = await Verify(service).WaitAsync(AnswerTimeout + TimeSpan.FromSeconds(5));

        Assert.That(valid, Is.True);
        Assert.That(server.Requests[0].Body, Does.Contain("\"code\":\"" + Code + "\""), "the code went to the server it was meant for");
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallCompleted));
        AssertNoSecrets(null);
    }

    [Test]
    public async Task An_html_502_is_an_api_error_that_may_hide_a_send()
    {
        var server = Serve(Answers.Status(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"));
        using var service = Create(server);

        var ex = await Fails<MfaApiException>(() => service.SendSmsCodeAsync(Requests.To), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(502));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(1), "a send is never retried");
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallNeedsAttention));
    }

    private static string HttpDate(TimeSpan fromNow) => DateTimeOffset.UtcNow.Add(fromNow).ToString("r");

    private static readonly object[] RetryAfterCases =
    {
        new object[] { 429, "past", 0 },
        new object[] { 429, "future", 120 },
        new object[] { 429, "garbage", -1 },
        new object[] { 503, "past", 0 },
        new object[] { 503, "future", 120 },
        new object[] { 503, "garbage", -1 },
    };

    private static string RetryAfter(string kind) => kind switch
    {
        "past" => HttpDate(TimeSpan.FromHours(-1)),
        "future" => "120",
        _ => "soon-ish, maybe",
    };

    [TestCaseSource(nameof(RetryAfterCases))]
    public async Task Retry_after_in_any_form_without_retries_is_one_request(int status, string kind, int seconds)
    {
        var server = Serve(Answers.Json(status, "{\"error\":\"slow down\",\"requestId\":\"" + RequestId + "\"}", "Retry-After: " + RetryAfter(kind)));
        using var service = Create(server);

        var ex = await Fails<MfaException>(() => Verify(service), AnswerTimeout);

        var api = (MfaApiException)ex;
        Assert.That(api.Status, Is.EqualTo(status));
        Assert.That(api.RetryAfter, Is.EqualTo(seconds < 0 ? null : TimeSpan.FromSeconds(seconds)));
        if (status == 429)
        {
            Assert.That(api.RequestId, Is.EqualTo(RequestId), "429 is documented on a verify: its body is parsed");
        }

        Assert.That(CallLine().Message, Does.Contain("request id " + RequestId));
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallNeedsAttention));
    }

    [TestCase(429)]
    [TestCase(503)]
    public async Task With_retries_a_retry_after_in_the_past_is_retried_at_once(int status)
    {
        var server = Serve(Answers.Json(status, "{\"error\":\"slow down\"}", "Retry-After: " + HttpDate(TimeSpan.FromHours(-1))));
        using var service = Create(server, retry: new MfaRetryOptions { MaxRetryAttempts = 1, BaseDelay = TimeSpan.Zero });

        var ex = await Fails<MfaException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(status));
        Assert.That(server.RequestCount, Is.EqualTo(2));
        Assert.That(RetryLines(), Is.EqualTo(1));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallNeedsAttention));
    }

    [TestCase(429)]
    [TestCase(503)]
    public async Task With_retries_a_retry_after_in_the_near_future_is_waited_for_on_the_clock(int status)
    {
        var time = new SignallingTimeProvider(DateTimeOffset.UtcNow);
        var server = Serve(Answers.InTurn(
            Answers.Json(status, "{\"error\":\"slow down\"}", "Retry-After: 1"),
            Answers.Json(200, "{\"valid\":true}")));
        using var service = Create(server, retry: new MfaRetryOptions { MaxRetryAttempts = 1, BaseDelay = TimeSpan.Zero }, time: time);

        var call = Verify(service);
        await time.Armed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(server.RequestCount, Is.EqualTo(1), "nothing is sent again before the wait is over");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.That(await call.WaitAsync(TimeSpan.FromSeconds(10)), Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(2));
        Assert.That(RetryLines(), Is.EqualTo(1));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallCompleted));
        AssertNoSecrets(null);
    }

    [TestCase(429, "3600")]
    [TestCase(503, "3600")]
    [TestCase(429, "garbage")]
    [TestCase(503, "garbage")]
    public async Task With_retries_a_retry_after_too_far_away_or_unreadable_is_not_retried(int status, string retryAfter)
    {
        var server = Serve(Answers.Json(status, "{\"error\":\"slow down\"}", "Retry-After: " + retryAfter));
        using var service = Create(server, retry: new MfaRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.Zero });

        var ex = await Fails<MfaException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(status));
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(RetryLines(), Is.Zero);
    }
}
