using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Hostile;

/// <summary>
/// Over real sockets: an OAuth2 token endpoint that issues a token no header can carry, servers that echo the secrets
/// they were sent (the code, the password, the Basic header, the client secret), and success answers without the
/// optional messageId/callId/valid. Each asserts the exception type, the requests the server saw, that the call ended
/// within its timeout, and that no secret or full phone number reached a message or a log line.
/// </summary>
public class EchoAndTokenTests : HostileTestBase
{
    private const string TokenPath = "/oauth2/token";
    private const string ClientId = "hostile-client";
    private const string ClientSecret = "Hostile/Client+Secret\"5521";

    private static readonly string ClientBasic = Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + ClientSecret));

    /// <summary>The client secret as sent and as a server may echo it: base64 Basic form, JSON-escaped, \u-escaped, percent-encoded.</summary>
    private static readonly string[] ClientSecretForms =
    {
        ClientSecret,
        ClientBasic,
        JsonSerializer.Serialize(ClientSecret).Trim('"'),
        Newtonsoft.Json.JsonConvert.ToString(ClientSecret).Trim('"').Replace("/", "\\/"),
        EscapeEveryCharacter(ClientSecret),
        Uri.EscapeDataString(ClientSecret),
    };

    private static string EscapeEveryCharacter(string text) => string.Concat(text.Select(c => "\\u" + ((int)c).ToString("x4")));

    /// <summary>Routes the token path to <paramref name="token"/> and everything else (the MFA API) to <paramref name="api"/>.</summary>
    private static Func<SeenRequest, HostileConnection, Task> TokenThen(
        Func<SeenRequest, HostileConnection, Task> token, Func<SeenRequest, HostileConnection, Task> api)
        => (r, c) => r.Path == TokenPath ? token(r, c) : api(r, c);

    private static string TokenJson(string accessToken)
        => JsonSerializer.Serialize(new Dictionary<string, object> { ["access_token"] = accessToken, ["token_type"] = "Bearer", ["expires_in"] = 3600 });

    /// <summary>The secret a server can read from an HTTP Basic header it was sent (the part after the first ':').</summary>
    private static string SecretIn(SeenRequest request)
    {
        var header = request.Header("Authorization") ?? "";
        Assert.That(header, Does.StartWith("Basic "), "the client authenticated with HTTP Basic");
        var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        return decoded[(decoded.IndexOf(':') + 1)..];
    }

    private MfaService CreateWithClientCredentials(HostileServer server)
    {
        var options = OptionsFor(server);
        options.Username = null;
        options.Password = null;
        options.ClientId = ClientId;
        options.ClientSecret = ClientSecret;
        options.TokenUrl = new Uri(server.Origin + TokenPath);
        return MfaService.Create(options, null, LoggerFactory);
    }

    private CapturingLoggerProvider.LogLine[] CallLines()
        => Logs.For(LogEventIds.Category).Where(l => l.EventId.Id != LogEventIds.CallRetried.Id).ToArray();

    /// <summary>Runs a call that must succeed and checks it ended within its timeout (a bound that only catches hangs).</summary>
    private static async Task<T> Succeeds<T>(Func<Task<T>> call, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var result = await call().WaitAsync(timeout + TimeSpan.FromSeconds(10));
        Assert.That(clock.Elapsed, Is.LessThan(timeout + TimeSpan.FromSeconds(5)), "the call must end within its timeout");
        return result;
    }

    [TestCase("hostile-tok\r\nX-Injected: yes", "control characters", "X-Injected: yes")]
    [TestCase("hostile-tok with a space", "visible ASCII", "hostile-tok with")]
    public async Task An_access_token_no_header_can_carry_fails_each_call_is_never_cached_and_nothing_reaches_the_api(string token, string rule, string fragment)
    {
        var server = Serve(TokenThen(Answers.Json(200, TokenJson(token)), Answers.Json(200, "{\"valid\":true}")));
        using var service = CreateWithClientCredentials(server);
        var secrets = ClientSecretForms.Append(token).Append(fragment).ToArray();

        var first = await Fails<MfaAuthenticationException>(() => Verify(service), AnswerTimeout, secrets);
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed), "one line for the first call");
        var second = await Fails<MfaAuthenticationException>(() => Verify(service), AnswerTimeout, secrets);

        Assert.That(server.Requests.Select(r => r.Path), Is.EqualTo(new[] { TokenPath, TokenPath }),
            "the second call fetched a token again (nothing cached) and the MFA API saw nothing");
        Assert.That(server.Requests.Select(r => r.Method), Has.All.EqualTo("POST"));
        foreach (var ex in new[] { first, second })
        {
            Assert.That(ex.Message, Does.Contain("access_token").And.Contain(rule).And.Contain("not used or cached"));
            Assert.That(ex.Status, Is.EqualTo(200));
            Assert.That(ex.Operation, Is.EqualTo("verifyCode"));
            Assert.That(ex.RequestMayHaveReachedServer, Is.False);
        }

        var lines = CallLines();
        Assert.That(lines.Select(l => l.EventId.Id), Is.EqualTo(new[] { LogEventIds.CallFailed.Id, LogEventIds.CallFailed.Id }),
            "exactly one CallFailed line per call");
        Assert.That(lines.Select(l => l.Message), Has.All.Contains("MfaAuthenticationException"));
    }

    [Test]
    public async Task A_400_that_echoes_the_request_leaks_no_secret_and_only_raw_response_holds_it()
    {
        string? rawBody = null;
        var server = Serve((r, c) =>
        {
            // A "helpful" server: the request body, the Authorization header, the password decoded from it, and their
            // JSON-escaped forms, in the error text, the request id and an extra member.
            var authorization = r.Header("Authorization") ?? "";
            var password = SecretIn(r);
            var code = JsonDocument.Parse(r.Body).RootElement.GetProperty("code").GetString()!;
            var error = "Bad request " + r.Body + " with Authorization: " + authorization + " (password " + password
                + ", escaped " + EscapeEveryCharacter(password) + ", code " + EscapeEveryCharacter(code)
                + ", json " + JsonSerializer.Serialize(r.Body).Trim('"') + ")";
            rawBody = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["error"] = error,
                ["requestId"] = "req-" + code, // well-formed, so the log line shows it (scrubbed)
                ["echo"] = new Dictionary<string, string> { ["request"] = r.Body, ["authorization"] = authorization, ["password"] = password, ["code"] = code },
            });
            return Answers.Json(400, rawBody)(r, c);
        });
        using var service = Create(server);
        var forms = new[] { "Basic " + BasicForm, EscapeEveryCharacter(Password), EscapeEveryCharacter(Code), JsonSerializer.Serialize(Password).Trim('"') };

        var ex = await Fails<MfaApiException<MfaRequestError>>(() => Verify(service), AnswerTimeout, forms);

        Assert.That(ex.Status, Is.EqualTo(400));
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(server.Requests[0].Body, Does.Contain("\"code\":\"" + Code + "\""), "the server did see the code it echoes");
        Assert.That(ex.Message, Does.Contain("Authorization: Basic ***").And.Contain("(password ***, escaped ***, code ***"),
            "the echo is in the message, scrubbed");
        Assert.That(ex.RequestId, Is.EqualTo("req-***"));
        foreach (var text in new[] { ex.Message, ex.ErrorText ?? "", ex.ToString(), ex.RequestId ?? "", ex.Response ?? "", ex.Result.Error ?? "" })
        {
            foreach (var secret in forms.Concat(new[] { Password, BasicForm, Code }))
            {
                Assert.That(text, Does.Not.Contain(secret), "a secret leaked in: " + text);
            }
        }

        Assert.That(ex.RawResponse, Is.EqualTo(rawBody), "RawResponse is the body exactly as sent");
        Assert.That(ex.RawResponse, Does.Contain(Password).And.Contain(BasicForm).And.Contain(Code));
        Assert.That(ex.ToString(), Does.Not.Contain(nameof(MfaApiException.RawResponse)));
        Assert.That(CallLine().Message, Does.Contain("answered 400").And.Contain("(request id req-***)"));
    }

    [TestCase(400)]
    [TestCase(401)]
    public async Task A_token_endpoint_that_echoes_the_client_secret_in_its_error_leaks_it_nowhere(int status)
    {
        var server = Serve(TokenThen((r, c) =>
        {
            var secret = SecretIn(r);
            var description = "client secret " + secret + " (" + JsonSerializer.Serialize(secret).Trim('"') + ", " + EscapeEveryCharacter(secret)
                + ", " + Uri.EscapeDataString(secret) + ") in " + r.Header("Authorization") + " is wrong";
            var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = "invalid_client", ["error_description"] = description });
            return Answers.Json(status, body)(r, c);
        }, Answers.Json(200, "{\"valid\":true}")));
        using var service = CreateWithClientCredentials(server);

        var ex = await Fails<MfaAuthenticationException>(() => Verify(service), AnswerTimeout, ClientSecretForms);

        Assert.That(ex.Status, Is.EqualTo(status));
        Assert.That(ex.Message, Does.Contain("client secret *** (***, ***, ***) in Basic *** is wrong"), "the echo is in the message, scrubbed");
        Assert.That(server.Requests.Select(r => r.Path), Is.EqualTo(new[] { TokenPath }), "the MFA API saw nothing");
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    [Test]
    public async Task A_token_endpoint_that_answers_200_without_an_access_token_and_echoes_the_client_secret_leaks_it_nowhere()
    {
        var server = Serve(TokenThen((r, c) =>
        {
            var secret = SecretIn(r);
            var body = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3600,
                ["client_secret"] = secret,
                ["authorization"] = r.Header("Authorization")!,
                ["escaped"] = EscapeEveryCharacter(secret),
            });
            return Answers.Json(200, body)(r, c);
        }, Answers.Json(200, "{\"valid\":true}")));
        using var service = CreateWithClientCredentials(server);

        var ex = await Fails<MfaAuthenticationException>(() => Verify(service), AnswerTimeout, ClientSecretForms);

        Assert.That(ex.Status, Is.EqualTo(200));
        Assert.That(ex.Message, Does.Contain("without an access_token"));
        Assert.That(server.Requests.Select(r => r.Path), Is.EqualTo(new[] { TokenPath }), "the MFA API saw nothing");
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    [Test]
    public async Task A_send_answered_200_without_a_message_id_succeeds_and_is_sent_once()
    {
        var server = Serve(Answers.Json(200, "{}"));
        using var service = Create(server, retry: new MfaRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.Zero });

        var sent = await Succeeds(() => service.SendSmsCodeAsync(Requests.To), AnswerTimeout);

        Assert.That(sent.MessageId, Is.Null);
        Assert.That(server.RequestCount, Is.EqualTo(1), "never sent twice, even with retries on");
        Assert.That(server.Requests[0].Path, Does.EndWith("/code/messaging"));
        Assert.That(RetryLines(), Is.Zero);
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallCompleted));
        AssertNoSecrets(null);
    }

    [Test]
    public async Task A_voice_send_answered_200_without_a_call_id_succeeds_and_is_sent_once()
    {
        var server = Serve(Answers.Json(200, "{}"));
        using var service = Create(server, retry: new MfaRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.Zero });

        var sent = await Succeeds(() => service.SendVoiceCodeAsync(Requests.To), AnswerTimeout);

        Assert.That(sent.CallId, Is.Null);
        Assert.That(server.RequestCount, Is.EqualTo(1), "never sent twice, even with retries on");
        Assert.That(server.Requests[0].Path, Does.EndWith("/code/voice"));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallCompleted));
        AssertNoSecrets(null);
    }

    [TestCase("{}")]
    [TestCase("{\"valid\":null}")]
    public async Task A_verify_answered_200_without_valid_fails_closed(string body)
    {
        var server = Serve(Answers.Json(200, body));
        using var service = Create(server, retry: new MfaRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.Zero });

        var ex = await Fails<MfaInvalidResponseException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(200));
        Assert.That(ex.Message, Does.Contain("valid"));
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(RetryLines(), Is.Zero);
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed), "one line: the call got an answer it cannot use, a failure");
    }
}
