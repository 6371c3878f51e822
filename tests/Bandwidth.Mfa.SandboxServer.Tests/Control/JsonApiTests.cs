using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using Newtonsoft.Json.Linq;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Control;

/// <summary>The JSON API that tests in any language use: the outbox, the last code, clearing, failures, live events.</summary>
public class JsonApiTests : SharedServerFixture
{
    private const string Other = "+19195550199";

    private HttpClient _http = null!;
    private MfaService _mfa = null!;

    [OneTimeSetUp]
    public void CreateClients()
    {
        _http = Http(Server);
        _mfa = Client(Server);
    }

    [OneTimeTearDown]
    public void DisposeClients()
    {
        _mfa.Dispose();
        _http.Dispose();
    }

    [Test]
    public async Task The_outbox_is_newest_first_and_filters_by_number_whether_plus_is_encoded_or_not()
    {
        await _mfa.SendSmsCodeAsync(To);
        await _mfa.SendVoiceCodeAsync(Other);
        await _mfa.SendSmsCodeAsync(To, "login");

        var (status, all, _) = await GetAsync(_http, "sandbox/api/outbox");
        Assert.That(status, Is.EqualTo(200));
        Assert.That(((JArray)all!["messages"]!).Select(m => ((string?)m["to"], (string?)m["scope"], (string?)m["channel"])), Is.EqualTo(new[]
        {
            (To, "login", "sms"), (Other, "2FA", "voice"), (To, "2FA", "sms"),
        }));
        Assert.That((long)all["version"]!, Is.GreaterThan(0));
        Assert.That((int)all["pendingFailures"]!, Is.Zero);

        foreach (var query in new[] { "to=%2B19195551234", "to=+19195551234" })
        {
            var (_, mine, _) = await GetAsync(_http, "sandbox/api/outbox?" + query);
            Assert.That(((JArray)mine!["messages"]!).Select(m => (string?)m["to"]), Is.EqualTo(new[] { To, To }), query);
        }

        var (_, limited, _) = await GetAsync(_http, "sandbox/api/outbox?limit=1");
        Assert.That(((JArray)limited!["messages"]!).Single()["scope"]!.ToString(), Is.EqualTo("login"));
    }

    [Test]
    public async Task Every_message_field_is_in_the_outbox_with_the_wire_names()
    {
        var sent = await _mfa.SendSmsCodeAsync(To);

        var (_, outbox, body) = await GetAsync(_http, "sandbox/api/outbox");
        var message = (JObject)((JArray)outbox!["messages"]!).Single();

        Assert.That(message.Properties().Select(p => p.Name), Is.EqualTo(new[] { "id", "channel", "accountId", "to", "from", "applicationId", "scope", "code", "text", "sentAt" }));
        Assert.That((string?)message["id"], Is.EqualTo(sent.MessageId));
        Assert.That((string?)message["accountId"], Is.EqualTo(AccountId));
        Assert.That((string?)message["from"], Is.EqualTo(From));
        Assert.That((string?)message["applicationId"], Is.EqualTo(MessagingApplicationId));
        Assert.That(body, Does.Contain("\"to\":\"+19195551234\""), "numbers are written as they are, not as \\u002B escapes");
    }

    [Test]
    public async Task Last_code_answers_the_newest_code_for_the_number_and_scope_and_404_when_there_is_none()
    {
        await _mfa.SendSmsCodeAsync(To, "login");
        await _mfa.SendSmsCodeAsync(To);

        var (_, newest, _) = await GetAsync(_http, "sandbox/api/numbers/%2B19195551234/last-code");
        var (_, login, _) = await GetAsync(_http, "sandbox/api/numbers/+19195551234/last-code?scope=login");
        var (missing, error, _) = await GetAsync(_http, "sandbox/api/numbers/" + Other + "/last-code");
        var (badNumber, badError, _) = await GetAsync(_http, "sandbox/api/numbers/12345/last-code");

        Assert.That((string?)newest!["scope"], Is.EqualTo("2FA"));
        Assert.That((string?)login!["scope"], Is.EqualTo("login"));
        Assert.That(await _mfa.VerifyCodeAsync(To, (string)login["code"]!, "login"), Is.True);
        Assert.That(missing, Is.EqualTo(404));
        Assert.That((string?)error!["error"], Does.StartWith("no code was sent to +19195550199"));
        Assert.That(badNumber, Is.EqualTo(400));
        Assert.That((string?)badError!["error"], Does.Contain("E.164"));
    }

    [Test]
    public async Task Last_code_can_wait_for_a_code_that_another_process_sends_and_skip_the_one_already_read()
    {
        await _mfa.SendSmsCodeAsync(To);
        var (_, old, _) = await GetAsync(_http, "sandbox/api/numbers/" + To + "/last-code");
        var oldId = (string)old!["id"]!;

        var waiting = GetAsync(_http, "sandbox/api/numbers/" + To + "/last-code?waitSeconds=30&newerThan=" + oldId);
        Assert.That(waiting.IsCompleted, Is.False, "no newer code exists yet, so the answer waits");
        var sent = await _mfa.SendSmsCodeAsync(To);
        var (status, fresh, _) = await waiting;

        Assert.That(status, Is.EqualTo(200));
        Assert.That((string?)fresh!["id"], Is.EqualTo(sent.MessageId));
        Assert.That((string?)fresh["id"], Is.Not.EqualTo(oldId));
    }

    [Test]
    public async Task Last_code_that_waits_in_vain_is_a_404_that_says_how_long_it_waited()
    {
        var (status, error, _) = await GetAsync(_http, "sandbox/api/numbers/" + Other + "/last-code?waitSeconds=1");
        var (badStatus, badError, _) = await GetAsync(_http, "sandbox/api/numbers/" + Other + "/last-code?waitSeconds=61");

        Assert.That(status, Is.EqualTo(404));
        Assert.That((string?)error!["error"], Is.EqualTo("no code was sent to +19195550199 within 1 s (or it left the outbox)"));
        Assert.That(badStatus, Is.EqualTo(400));
        Assert.That((string?)badError!["error"], Is.EqualTo("waitSeconds must be a whole number from 0 to 60"));
    }

    [Test]
    public async Task The_request_log_shows_each_request_with_its_answer_so_a_test_in_any_language_can_count_retries()
    {
        await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"internalServerError\",\"operation\":\"messaging\"}");
        await Assert.CatchAsync<MfaApiException>(() => _mfa.SendSmsCodeAsync(To));
        await _mfa.VerifyCodeAsync(To, "123456");

        var (_, log, body) = await GetAsync(_http, "sandbox/api/requests");
        var requests = ((JArray)log!["requests"]!).Select(r => ((string?)r["operation"], (int?)r["status"], (string?)r["authenticationScheme"], (string?)r["accountId"])).ToArray();

        Assert.That(requests, Is.EqualTo(new[] { ("verifyCode", (int?)200, "Basic", AccountId), ("generateMessagingCode", (int?)500, "Basic", AccountId) }), "newest first; the send was not retried");
        Assert.That(body, Does.Not.Contain("sandbox-password").And.Not.Contain("123456"));
    }

    [Test]
    public async Task Clear_empties_the_outbox_and_the_attempts_but_a_code_sent_before_still_verifies()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = (string)(await GetAsync(_http, "sandbox/api/numbers/" + To + "/last-code")).Json!["code"]!;
        await _mfa.VerifyCodeAsync(To, code);

        Assert.That((await PostAsync(_http, "sandbox/api/clear", null)).Status, Is.EqualTo(204), "an empty JSON body is fine");

        var (_, outbox, _) = await GetAsync(_http, "sandbox/api/outbox");
        Assert.That((JArray)outbox!["messages"]!, Is.Empty);
        Assert.That((JArray)outbox["verifications"]!, Is.Empty);
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True);
    }

    [Test]
    public async Task Unlock_ends_a_lockout_that_clear_keeps_and_the_right_code_verifies_again()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = (string)(await GetAsync(_http, "sandbox/api/numbers/" + To + "/last-code")).Json!["code"]!;
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            await _mfa.VerifyCodeAsync(To, wrong);
        }

        await PostAsync(_http, "sandbox/api/clear");
        var locked = await Assert.CatchAsync<MfaApiException>(() => _mfa.VerifyCodeAsync(To, code));
        Assert.That(locked!.Status, Is.EqualTo(429), "clear keeps the lockout");

        var (status, _, body) = await PostAsync(_http, "sandbox/api/numbers/%2B19195551234/unlock");
        var (_, outbox, _) = await GetAsync(_http, "sandbox/api/outbox");

        Assert.That((status, body), Is.EqualTo((200, "{\"unlocked\":1}")));
        Assert.That((JArray)outbox!["lockouts"]!, Is.Empty);
        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.True);
        Assert.That((await PostAsync(_http, "sandbox/api/numbers/" + To + "/unlock?accountId=" + AccountId)).Body, Is.EqualTo("{\"unlocked\":0}"), "nothing left to unlock");
    }

    [TestCase("sandbox/api/numbers/12345/unlock", "application/json", 400, "to must be an E.164 number such as +19195551234")]
    [TestCase("sandbox/api/numbers/%2B19195551234%0A/unlock", "application/json", 400, "to must be an E.164 number such as +19195551234")]
    [TestCase("sandbox/api/numbers/%2B19195551234/unlock?accountId=", "application/json", 400, "accountId must be one account id, or absent for every account")]
    [TestCase("sandbox/api/numbers/%2B19195551234/unlock?accountId=1&accountId=2", "application/json", 400, "accountId must be one account id, or absent for every account")]
    [TestCase("sandbox/api/numbers/%2B19195551234/unlock", "text/plain", 415, "changes must be sent as POST with Content-Type: application/json (the body may be empty or {})")]
    public async Task A_bad_unlock_is_refused_with_its_rule_and_the_lockout_stays(string path, string mediaType, int expected, string error)
    {
        for (var i = 0; i < 5; i++)
        {
            await _mfa.VerifyCodeAsync(To, "000000");
        }

        var (status, answer, _) = await PostAsync(_http, path, "{}", mediaType);

        Assert.That((status, (string?)answer!["error"]), Is.EqualTo((expected, (string?)error)));
        Assert.That((JArray)(await GetAsync(_http, "sandbox/api/outbox")).Json!["lockouts"]!, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Reset_forgets_the_codes_too()
    {
        await _mfa.SendSmsCodeAsync(To);
        var code = (string)(await GetAsync(_http, "sandbox/api/numbers/" + To + "/last-code")).Json!["code"]!;

        await PostAsync(_http, "sandbox/api/reset");

        Assert.That(await _mfa.VerifyCodeAsync(To, code), Is.False);
    }

    [Test]
    public async Task An_injected_failure_fails_exactly_the_next_matching_call_and_is_counted_until_then()
    {
        var (status, queued, _) = await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"internalServerError\",\"operation\":\"messaging\"}");
        Assert.That(status, Is.EqualTo(201));
        Assert.That((int)queued!["pendingFailures"]!, Is.EqualTo(1));
        Assert.That((string?)queued["description"], Is.EqualTo("500 Internal Error"));

        Assert.That(await _mfa.VerifyCodeAsync(To, "123456"), Is.False, "verify is not the operation the failure waits for");
        var failed = await Assert.CatchAsync<MfaApiException>(() => _mfa.SendSmsCodeAsync(To));
        Assert.That(failed!.Status, Is.EqualTo(500));
        Assert.That(failed.RequestId, Is.Not.Null);
        Assert.That((int)(await GetAsync(_http, "sandbox/api/outbox")).Json!["pendingFailures"]!, Is.Zero);
        Assert.That(await _mfa.SendSmsCodeAsync(To), Is.Not.Null, "the next send is answered normally");
        Assert.That(((JArray)(await GetAsync(_http, "sandbox/api/outbox")).Json!["messages"]!).Count, Is.EqualTo(1), "the failed send stored nothing");
    }

    [Test]
    public async Task A_503_with_Retry_After_reaches_the_client_as_the_service_sent_it()
    {
        await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"serviceUnavailable\",\"retryAfterSeconds\":7}");

        var failed = await Assert.CatchAsync<MfaApiException>(() => _mfa.VerifyCodeAsync(To, "123456"));

        Assert.That(failed!.Status, Is.EqualTo(503));
        Assert.That(failed.Headers["Retry-After"], Is.EqualTo(new[] { "7" }));
    }

    [TestCase(204)]
    [TestCase(205)]
    [TestCase(304)]
    public async Task A_status_without_a_body_reaches_the_client_as_it_was_queued(int status)
    {
        var (queued, _, _) = await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"status\",\"status\":" + status + "}");
        Assert.That(queued, Is.EqualTo(201));

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/accounts/" + AccountId + "/code/verify")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "dTpw");
        using var response = await _http.SendAsync(request);

        Assert.That((int)response.StatusCode, Is.EqualTo(status));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);
        Assert.That(Server.Output + Server.Error, Does.Not.Contain("status code " + status), "Kestrel had nothing to refuse");
    }

    [Test]
    public async Task An_injected_connection_failure_drops_the_socket_and_the_client_sees_a_transport_failure()
    {
        await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"connectionFailure\"}");

        await Assert.ThrowsAsync<MfaTransportException>(() => _mfa.SendSmsCodeAsync(To));

        Assert.That(await _mfa.SendSmsCodeAsync(To), Is.Not.Null, "the server lives on");
    }

    [Test]
    public async Task An_injected_timeout_holds_the_answer_until_the_client_gives_up()
    {
        using var patient = Client(Server, o => o.Timeout = TimeSpan.FromSeconds(1));
        await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"timeout\",\"maxWaitSeconds\":3600}");

        await Assert.ThrowsAsync<MfaTimeoutException>(() => patient.VerifyCodeAsync(To, "123456"));

        Assert.That(await patient.VerifyCodeAsync(To, "123456"), Is.False, "the server answers the next call at once");
    }

    [Test]
    public async Task A_timeout_after_processing_shows_the_stored_code_while_the_answer_is_still_held()
    {
        await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"timeout\",\"afterProcessing\":true,\"maxWaitSeconds\":3600}");
        using var giveUp = new CancellationTokenSource();

        var held = _mfa.SendSmsCodeAsync(To, cancellationToken: giveUp.Token);
        var (status, message, _) = await GetAsync(_http, "sandbox/api/numbers/" + To + "/last-code?waitSeconds=30");

        Assert.That(status, Is.EqualTo(200), "the code was stored and the change announced before the held answer ends");
        Assert.That(held.IsCompleted, Is.False, "the answer is still held");
        giveUp.Cancel();
        await Assert.CatchAsync<OperationCanceledException>(() => held);
        Assert.That((string?)message!["code"], Does.Match("^[0-9]{6}$"));
    }

    [Test]
    public async Task A_body_over_64_KiB_is_a_JSON_413_and_nothing_is_stored()
    {
        var big = "{\"to\":\"+19195551234\",\"padding\":\"" + new string('x', 70 * 1024) + "\"}";
        foreach (var chunked in new[] { false, true })
        {
            using var content = new StringContent(big, System.Text.Encoding.UTF8, "application/json");
            if (chunked)
            {
                await content.LoadIntoBufferAsync();
                content.Headers.ContentLength = null;
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/accounts/9900000/code/messaging") { Content = content };
            request.Headers.TransferEncodingChunked = chunked;
            using var response = await _http.SendAsync(request);

            Assert.That((int)response.StatusCode, Is.EqualTo(413), chunked ? "chunked" : "with Content-Length");
            Assert.That((string?)JObject.Parse(await response.Content.ReadAsStringAsync())["error"], Is.EqualTo("the request body is larger than 64 KiB"));
        }

        Assert.That(((JArray)(await GetAsync(_http, "sandbox/api/outbox")).Json!["messages"]!).Count, Is.Zero);
    }

    [Test]
    public async Task Failures_can_be_queued_several_times_and_cancelled()
    {
        await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"forbidden\",\"times\":3}");
        Assert.That((int)(await GetAsync(_http, "sandbox/api/outbox")).Json!["pendingFailures"]!, Is.EqualTo(3));

        Assert.That((await PostAsync(_http, "sandbox/api/failures/clear")).Status, Is.EqualTo(204));

        Assert.That((int)(await GetAsync(_http, "sandbox/api/outbox")).Json!["pendingFailures"]!, Is.Zero);
        Assert.That(await _mfa.VerifyCodeAsync(To, "123456"), Is.False);
    }

    [Test]
    public async Task At_most_1000_failures_wait_at_once()
    {
        Assert.That((await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"forbidden\",\"times\":1000}")).Status, Is.EqualTo(201));

        var (status, answer, _) = await PostAsync(_http, "sandbox/api/failures", "{\"failure\":\"forbidden\"}");

        Assert.That(status, Is.EqualTo(409));
        Assert.That((string?)answer!["error"], Is.EqualTo("at most 1000 failures may wait at once and 1000 are waiting; let calls take them or drop them with POST /sandbox/api/failures/clear"));
        Assert.That((int)(await GetAsync(_http, "sandbox/api/outbox")).Json!["pendingFailures"]!, Is.EqualTo(1000));
    }

    [TestCase("{\"failure\":\"meltdown\"}", "failure must be one of internalServerError, serviceUnavailable, forbidden, htmlBody, timeout, connectionFailure, status")]
    [TestCase("{\"failure\":\"forbidden\",\"times\":0}", "times must be from 1 to 1000")]
    [TestCase("{\"failure\":\"forbidden\",\"operation\":\"fax\"}", "operation must be one of")]
    [TestCase("{\"failure\":\"status\"}", "status must be an HTTP status from 200 to 599")]
    [TestCase("{\"failure\":\"status\",\"status\":100}", "status must be an HTTP status from 200 to 599")]
    [TestCase("{\"failure\":\"htmlBody\",\"status\":101}", "status must be an HTTP status from 200 to 599")]
    [TestCase("{\"failure\":\"status\",\"status\":204,\"body\":\"x\"}", "body must be absent with status 204, 205 or 304")]
    [TestCase("{\"failure\":\"htmlBody\",\"status\":304}", "status must not be 204, 205 or 304 for htmlBody")]
    [TestCase("{\"failure\":\"serviceUnavailable\",\"retryAfterSeconds\":-1}", "retryAfterSeconds must be from 0 to 3600")]
    [TestCase("{\"failure\":", "the body is not a failure")]
    [TestCase("[]", "the body is not a failure")]
    public async Task A_bad_failure_is_refused_with_the_field_and_its_rule_and_nothing_is_queued(string json, string error)
    {
        var (status, answer, _) = await PostAsync(_http, "sandbox/api/failures", json);

        Assert.That(status, Is.EqualTo(400));
        Assert.That((string?)answer!["error"], Does.StartWith(error));
        Assert.That((int)(await GetAsync(_http, "sandbox/api/outbox")).Json!["pendingFailures"]!, Is.Zero);
    }

    [TestCase("sandbox/api/reset", "text/plain")]
    [TestCase("sandbox/api/clear", "application/x-www-form-urlencoded")]
    [TestCase("sandbox/api/failures", "text/plain")]
    public async Task A_change_that_is_not_sent_as_JSON_is_refused_so_that_another_site_cannot_make_it(string path, string mediaType)
    {
        await _mfa.SendSmsCodeAsync(To);

        var (status, answer, _) = await PostAsync(_http, path, "{\"failure\":\"internalServerError\"}", mediaType);

        Assert.That(status, Is.EqualTo(415));
        Assert.That((string?)answer!["error"], Does.Contain("Content-Type: application/json"));
        var (_, outbox, _) = await GetAsync(_http, "sandbox/api/outbox");
        Assert.That(((JArray)outbox!["messages"]!).Count, Is.EqualTo(1));
        Assert.That((int)outbox["pendingFailures"]!, Is.Zero);
    }

    [Test]
    public async Task Info_tells_where_to_point_a_client()
    {
        var (_, info, _) = await GetAsync(_http, "sandbox/api/info");

        Assert.That((string?)info!["baseUrl"], Is.EqualTo(Server.BaseUrl.ToString()));
        Assert.That((string?)info["tokenUrl"], Is.EqualTo(Server.TokenUrl.ToString()));
        Assert.That((string?)info["outbox"], Is.EqualTo(Server.Root.ToString()));
        Assert.That((string?)info["accepting"], Is.EqualTo("any well-formed credentials, any account"));
        Assert.That((int)info["maxFailedVerifications"]!, Is.EqualTo(5));
        Assert.That((int)info["historyLimit"]!, Is.EqualTo(1000));
    }

    [Test]
    public async Task An_unknown_sandbox_endpoint_is_a_JSON_404_and_an_unknown_API_path_is_the_sandbox_404()
    {
        var (status, answer, _) = await GetAsync(_http, "sandbox/api/nothing-here");
        Assert.That(status, Is.EqualTo(404));
        Assert.That((string?)answer!["error"], Does.StartWith("no such sandbox endpoint"));

        using var response = await _http.GetAsync("api/v1/accounts/9900000/code/messaging");
        Assert.That((int)response.StatusCode, Is.EqualTo(405), "the sandbox's own answer to a GET of an operation");
    }

    [Test]
    public async Task The_event_stream_sends_the_current_version_at_once_and_a_newer_one_after_a_send()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "sandbox/events");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, bound.Token);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(bound.Token));

        var first = await NextVersionAsync(reader, bound.Token);
        await _mfa.SendSmsCodeAsync(To);
        var second = await NextVersionAsync(reader, bound.Token);

        var (_, outbox, _) = await GetAsync(_http, "sandbox/api/outbox");
        Assert.That(second, Is.GreaterThan(first));
        Assert.That((long)outbox!["version"]!, Is.EqualTo(second), "the outbox read after the event shows that version");
    }

    private static async Task<long> NextVersionAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? eventName = null;
        while (true)
        {
            var line = await reader.ReadLineAsync(cancellationToken) ?? throw new EndOfStreamException("the event stream ended");
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line.Substring(7);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "change")
            {
                return (long)JObject.Parse(line.Substring(6))["version"]!;
            }
        }
    }
}
