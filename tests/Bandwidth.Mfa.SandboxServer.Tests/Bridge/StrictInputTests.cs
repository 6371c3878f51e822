using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using Newtonsoft.Json.Linq;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Bridge;

/// <summary>
/// The server refuses over the socket what the service refuses: numbers that only .NET's reading of the spec's pattern
/// takes, and values that do not fit the rules' types. Each is a 400 with the service's error body, never a 500.
/// </summary>
public class StrictInputTests : SharedServerFixture
{
    private const string Send = "api/v1/accounts/" + AccountId + "/code/messaging";
    private const string Verify = "api/v1/accounts/" + AccountId + "/code/verify";

    private HttpClient _http = null!;

    [OneTimeSetUp]
    public void CreateClient()
    {
        _http = Http(Server);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sandbox-user:sandbox-password")));
    }

    [OneTimeTearDown]
    public void DisposeClient() => _http.Dispose();

    // JSON escapes, so that the test says exactly which characters go over the wire.
    [TestCase("+1\\uff19\\uff11\\uff19\\uff15\\uff15\\uff15\\uff11\\uff12\\uff13\\uff14", TestName = "A number in full-width digits is refused over the socket")]
    [TestCase("+1919555123\\u0664", TestName = "A number ending in an Arabic-Indic digit is refused over the socket")]
    [TestCase("+19195551234\\n", TestName = "A number ending in a newline is refused over the socket")]
    public async Task A_number_the_service_refuses_is_a_400_for_send_and_verify_and_nothing_is_sent(string number)
    {
        var send = await PostAsync(_http, Send, "{\"to\":\"" + number + "\",\"from\":\"" + From + "\",\"applicationId\":\"" + MessagingApplicationId + "\",\"message\":\"Code {CODE}\",\"digits\":6}");
        var verify = await PostAsync(_http, Verify, "{\"to\":\"" + number + "\",\"expirationTimeInMinutes\":3,\"code\":\"123456\"}");

        foreach (var (status, json, _) in new[] { send, verify })
        {
            Assert.That(status, Is.EqualTo(400));
            Assert.That((string?)json!["error"], Is.EqualTo("to must be an E.164 phone number such as +19195551234"));
            Assert.That(Guid.TryParse((string?)json["requestId"], out _), Is.True);
        }

        var (_, outbox, _) = await GetAsync(_http, "sandbox/api/outbox");
        Assert.That((JArray)outbox!["messages"]!, Is.Empty);
        Assert.That((JArray)outbox["verifications"]!, Is.Empty);
    }

    [TestCase("%2B19195551234%0A")]
    [TestCase("%2B1%EF%BC%99%EF%BC%91%EF%BC%99%EF%BC%95%EF%BC%95%EF%BC%95%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94")]
    [TestCase("%2B1919555123%D9%A4")]
    public async Task The_JSON_API_checks_numbers_as_the_service_does(string escaped)
    {
        var (lastCode, lastCodeError, _) = await GetAsync(_http, "sandbox/api/numbers/" + escaped + "/last-code");
        var (outbox, outboxError, _) = await GetAsync(_http, "sandbox/api/outbox?to=" + escaped);

        Assert.That(lastCode, Is.EqualTo(400));
        Assert.That((string?)lastCodeError!["error"], Is.EqualTo("to must be an E.164 number such as +19195551234"));
        Assert.That(outbox, Is.EqualTo(400), "a filter that is no number is refused, not read as no filter");
        Assert.That((string?)outboxError!["error"], Is.EqualTo("to must be an E.164 number such as +19195551234"));
    }

    [TestCase("\"digits\":100000000000000000000", "digits must be between 4 and 8")]
    [TestCase("\"digits\":-100000000000000000000", "digits must be between 4 and 8")]
    [TestCase("\"digits\":9223372036854775808", "digits must be between 4 and 8")]
    [TestCase("\"digits\":{\"value\":6}", "digits must be an integer between 4 and 8")]
    public async Task A_value_that_does_not_fit_its_rule_is_a_400_and_logged_in_the_request_log(string digits, string error)
    {
        var (status, json, _) = await PostAsync(_http, Send, "{\"to\":\"" + To + "\",\"from\":\"" + From + "\",\"applicationId\":\"" + MessagingApplicationId + "\",\"message\":\"Code {CODE}\"," + digits + "}");

        Assert.That(status, Is.EqualTo(400));
        Assert.That((string?)json!["error"], Is.EqualTo(error));
        var (_, log, _) = await GetAsync(_http, "sandbox/api/requests");
        var entry = ((JArray)log!["requests"]!).Single();
        Assert.That(((string?)entry["operation"], (int?)entry["status"], (string?)entry["requestId"]), Is.EqualTo(("generateMessagingCode", (int?)400, (string?)json["requestId"])));
    }

    [Test]
    public async Task Bodies_that_made_the_sandbox_throw_are_a_400_without_a_stack_trace_in_the_server_log()
    {
        var server = await ServerProcess.StartAsync();
        await using (server)
        {
            using var http = Http(server);
            http.DefaultRequestHeaders.Authorization = _http.DefaultRequestHeaders.Authorization;
            foreach (var digits in new[] { "100000000000000000000", "-100000000000000000000" })
            {
                var (status, json, _) = await PostAsync(http, Send, "{\"to\":\"" + To + "\",\"from\":\"" + From + "\",\"applicationId\":\"" + MessagingApplicationId + "\",\"message\":\"Code {CODE}\",\"digits\":" + digits + "}");
                Assert.That((status, (string?)json?["error"]), Is.EqualTo((400, (string?)"digits must be between 4 and 8")), digits);
            }

            using var unknownCharset = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"to\":\"" + To + "\",\"expirationTimeInMinutes\":3,\"code\":\"123456\"}"));
            unknownCharset.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=no-such-charset");
            using var response = await http.PostAsync(Verify, unknownCharset);
            Assert.That((int)response.StatusCode, Is.EqualTo(400), "a character set nobody knows");
        }

        // Stopped, so everything it logged has been written.
        Assert.That(server.Output + server.Error, Does.Not.Contain("Exception").And.Not.Contain("   at "));
    }

    [TestCase("{\"failure\":\"forbidden\",\"times\":100000000000000000000}")]
    [TestCase("{\"failure\":\"forbidden\",\"times\":\"3\"}")]
    [TestCase("{\"failure\":\"forbidden\",\"times\":1.5}")]
    [TestCase("{\"failure\":\"status\",\"status\":1e400}")]
    [TestCase("{\"failure\":\"serviceUnavailable\",\"retryAfterSeconds\":1e400}")]
    [TestCase("{\"failure\":7}")]
    [TestCase("{\"failure\":\"forbidden\",\"afterProcessing\":\"yes\"}")]
    public async Task A_failure_with_a_value_of_the_wrong_type_or_size_is_a_400(string json)
    {
        var (status, answer, _) = await PostAsync(_http, "sandbox/api/failures", json);

        Assert.That(status, Is.EqualTo(400));
        Assert.That((string?)answer!["error"], Does.StartWith("the body is not a failure").Or.StartWith("retryAfterSeconds must be from 0 to 3600"));
        Assert.That((int)(await GetAsync(_http, "sandbox/api/outbox")).Json!["pendingFailures"]!, Is.Zero);
    }

    [Test]
    public async Task A_failure_nested_deeper_than_any_real_body_is_a_400()
    {
        var (status, answer, _) = await PostAsync(_http, "sandbox/api/failures", "{\"failure\":" + new string('[', 5000) + new string(']', 5000) + "}");

        Assert.That(status, Is.EqualTo(400));
        Assert.That((string?)answer!["error"], Does.StartWith("the body is not a failure"));
    }
}
