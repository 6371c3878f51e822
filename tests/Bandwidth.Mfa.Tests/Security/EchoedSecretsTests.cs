using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Logging;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Security;

/// <summary>
/// A server that echoes what it received (the code, the password, the Basic header, the token, the client secret), in
/// any form, never gets a secret into a message, ErrorText, RequestId, Result, Response, ToString(), an inner exception
/// or a log line. Only RawResponse holds the body as it arrived.
/// </summary>
public class EchoedSecretsTests
{
    private const string User = "api-user";
    private const string Password = "Pa55-word\"quote/slash\u00e9";
    private const string AlnumPassword = "Hunter2Hunter2";
    private const string Token = "AT-fixed-token-4471";
    private const string ClientSecret = "CS-secret/5583+x";
    private const string Code = "845219";

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    private MockMfa _mock = null!;
    private CapturingLoggerProvider _logs = null!;
    private ILoggerFactory _loggerFactory = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _logs = new CapturingLoggerProvider();
        _loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
    }

    [TearDown]
    public void TearDown()
    {
        _loggerFactory.Dispose();
        _mock.Dispose();
    }

    private MfaService Service(Action<MfaOptions> auth)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, TokenUrl = new Uri(TokenEndpoint.Url), Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        auth(options);
        return MfaService.Create(options, _mock.Handler, _loggerFactory);
    }

    /// <summary>Every form in which a server might echo a secret back inside a JSON string.</summary>
    private static IEnumerable<(string Form, string Text)> Echoes(string secret)
    {
        yield return ("as sent", secret);
        yield return ("Newtonsoft-escaped", Newtonsoft.Json.JsonConvert.ToString(secret).Trim('"'));
        yield return ("System.Text.Json-escaped", System.Text.Json.JsonSerializer.Serialize(secret).Trim('"'));
        yield return ("every character \\u-escaped", string.Concat(secret.Select(c => "\\u" + ((int)c).ToString("x4"))));
        yield return ("slashes escaped", Newtonsoft.Json.JsonConvert.ToString(secret).Trim('"').Replace("/", "\\/"));
        yield return ("percent-encoded", Uri.EscapeDataString(secret));
    }

    private static string EchoBody(params string[] secrets)
    {
        // Every secret in every form, as an error text the service "helpfully" builds from the request.
        // Serialised as JSON, so the raw body holds each form JSON-escaped once more (and the parsed text holds them as listed).
        var parts = secrets.SelectMany(s => Echoes(s).Select(e => e.Form + "=[" + e.Text + "]"));
        return new Newtonsoft.Json.Linq.JObject
        {
            ["error"] = "Bad request: " + string.Join(" ", parts),
            ["requestId"] = "r-1",
            ["echo"] = new Newtonsoft.Json.Linq.JObject { ["code"] = secrets[^1], ["all"] = new Newtonsoft.Json.Linq.JArray(secrets) },
        }.ToString(Newtonsoft.Json.Formatting.None);
    }

    private void AssertClean(IEnumerable<string> texts, params string[] secrets)
    {
        var all = texts.Concat(_logs.Lines.Select(l => l.ToString())).ToList();
        Assert.That(_logs.Lines, Is.Not.Empty, "logging was on");
        foreach (var text in all)
        {
            foreach (var secret in secrets)
            {
                foreach (var (form, echoed) in Echoes(secret))
                {
                    Assert.That(text, Does.Not.Contain(echoed), $"'{secret}' ({form}) leaked in: {text}");
                }
            }
        }
    }

    private static IEnumerable<string> TextsOf(MfaException ex)
    {
        yield return ex.Message;
        yield return ex.ToString();
        yield return ex.ErrorText ?? "";
        yield return ex.RequestId ?? "";
        for (var inner = ex.InnerException; inner != null; inner = inner.InnerException)
        {
            yield return inner.Message;
            yield return inner.ToString();
        }

        if (ex is MfaApiException api)
        {
            yield return api.Response ?? "";
        }
    }

    [Test]
    public async Task A_400_that_echoes_the_code_the_password_and_the_basic_header_in_every_form_leaks_none_of_them()
    {
        var body = EchoBody(Password, Basic(User, Password), "Basic " + Basic(User, Password), Code);
        _mock.Answer("/code/verify", HttpStatusCode.BadRequest, body);
        using var service = Service(o => { o.Username = User; o.Password = Password; });

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => service.VerifyCodeAsync(Requests.To, Code));

        Assert.That(ex!.Message, Does.Contain("Service said: \"Bad request: as sent=[***]"));
        Assert.That(ex.ErrorText, Does.Contain("Newtonsoft-escaped=[***]").And.Contain("percent-encoded=[***]"));
        Assert.That(ex.Result.Error, Does.Not.Contain(Password).And.Contain("***"));
        Assert.That(ex.Result.AdditionalProperties["echo"].ToString(), Does.Not.Contain(Code));
        Assert.That(ex.RawResponse, Is.EqualTo(body), "RawResponse is the one raw property");
        Assert.That(ex.ToString(), Does.Not.Contain(nameof(MfaApiException.RawResponse)));
        AssertClean(TextsOf(ex).Append(ex.Result.Error!), Password, Basic(User, Password), Code);
    }

    [Test]
    public async Task A_request_id_that_echoes_the_password_is_scrubbed_in_the_exception_and_the_log_line()
    {
        _mock.Answer("/code/messaging", HttpStatusCode.InternalServerError, "{\"error\":\"Internal Error\",\"requestId\":\"" + AlnumPassword + "\"}");
        using var service = Service(o => { o.Username = User; o.Password = AlnumPassword; });

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => service.SendSmsCodeAsync(Requests.To));

        Assert.That(ex!.RequestId, Is.EqualTo("***"));
        Assert.That(_logs.Lines.Single(l => l.EventId.Id == LogEventIds.CallNeedsAttention.Id).Message, Does.Contain("request id ***"));
        AssertClean(TextsOf(ex), AlnumPassword);
    }

    [TestCase(401, "{\"message\":\"Unauthorized: Bearer " + Token + "\"}")]
    [TestCase(403, "{\"Message\":\"Missing Authentication Token for " + Token + "\"}")]
    [TestCase(404, "<html>No route for Authorization: Bearer " + Token + "</html>")]
    public async Task An_error_that_echoes_the_bearer_token_leaks_it_nowhere(int status, string body)
    {
        _mock.Answer("/code/verify", (HttpStatusCode)status, body, status == 404 ? "text/html" : "application/json");
        using var service = Service(o => o.AccessToken = Token);

        var ex = await Assert.ThrowsAsync(Is.InstanceOf<MfaApiException>(), () => service.VerifyCodeAsync(Requests.To, Code)) as MfaApiException;

        Assert.That(ex!.Response, Does.Contain("***").And.Not.Contain(Token));
        Assert.That(ex.RawResponse, Does.Contain(Token));
        AssertClean(TextsOf(ex), Token, Code);
    }

    [Test]
    public async Task A_success_body_whose_wrong_value_echoes_the_code_keeps_it_out_of_the_parser_message()
    {
        // Newtonsoft puts the offending value into its message ("Could not convert string to boolean: 845219").
        _mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":\"" + Code + "\"}");
        using var service = Service(o => o.AccessToken = Token);

        var ex = await Assert.ThrowsAsync<MfaInvalidResponseException>(() => service.VerifyCodeAsync(Requests.To, Code));

        Assert.That(ex!.InnerException, Is.InstanceOf<Newtonsoft.Json.JsonException>(), "the parser's exception type is kept");
        Assert.That(ex.InnerException!.Message, Does.Contain("***"));
        AssertClean(TextsOf(ex), Code, Token);
    }

    [Test]
    public async Task A_transport_failure_whose_message_echoes_the_basic_header_leaks_it_nowhere()
    {
        var header = Basic(User, Password);
        _mock.Handler.When("*").Throw(new HttpRequestException("Received an invalid status line: 'HTTP/1.1 200 Basic " + header + "'.", new System.IO.IOException("echo " + header)));
        using var service = Service(o => { o.Username = User; o.Password = Password; });

        var ex = await Assert.ThrowsAsync<MfaTransportException>(() => service.SendSmsCodeAsync(Requests.To));

        Assert.That(ex!.Message, Does.Contain("invalid status line: 'HTTP/1.1 200 Basic ***'"));
        Assert.That(ex.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(ex.InnerException!.InnerException, Is.InstanceOf<System.IO.IOException>());
        AssertClean(TextsOf(ex), header, Password);
    }

    [Test]
    public async Task A_token_endpoint_that_echoes_the_client_secret_in_error_and_error_description_leaks_it_nowhere()
    {
        var basic = Basic("client-1", ClientSecret);
        var escaped = Newtonsoft.Json.JsonConvert.ToString(ClientSecret).Trim('"').Replace("/", "\\/");
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(HttpStatusCode.BadRequest, "application/json",
            "{\"error\":\"invalid_client " + ClientSecret + "\",\"error_description\":\"secret " + escaped + " in header Basic " + basic + " is wrong\"}");
        using var service = Service(o => { o.ClientId = "client-1"; o.ClientSecret = ClientSecret; });

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, Code));

        Assert.That(ex!.Message, Does.Contain("(invalid_client ***: secret *** in header Basic *** is wrong)"));
        Assert.That(ex.Status, Is.EqualTo(400));
        Assert.That(_mock.RequestCount, Is.Zero, "the MFA API was never called");
        AssertClean(TextsOf(ex), ClientSecret, basic, Code);
    }

    [Test]
    public async Task A_token_endpoint_whose_transport_error_echoes_the_client_secret_leaks_it_nowhere()
    {
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Throw(new HttpRequestException("proxy said: secret=" + Uri.EscapeDataString(ClientSecret)));
        using var service = Service(o => { o.ClientId = "client-1"; o.ClientSecret = ClientSecret; });

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, Code));

        Assert.That(ex!.Message, Does.Contain("proxy said: secret=***"));
        AssertClean(TextsOf(ex), ClientSecret);
    }

    [Test]
    public async Task The_scrubbed_views_stay_equal_to_the_raw_body_when_nothing_is_echoed()
    {
        const string body = "{\"error\":\"to number +19195551234 is invalid\",\"requestId\":\"r-400\"}";
        _mock.Answer("/code/verify", HttpStatusCode.BadRequest, body);
        using var service = Service(o => { o.Username = User; o.Password = Password; });

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => service.VerifyCodeAsync(Requests.To, Code));

        Assert.That(ex!.Response, Is.EqualTo(body));
        Assert.That(ex.RawResponse, Is.EqualTo(body));
        Assert.That(ex.Result.Error, Is.EqualTo("to number +19195551234 is invalid"));
        Assert.That(ex.ErrorText, Is.EqualTo("to number +1********34 is invalid"), "phone numbers are still masked in ErrorText");
        Assert.That(ex.RequestId, Is.EqualTo("r-400"));
    }

    [Test]
    public async Task Secrets_shorter_than_four_characters_are_not_scrubbed_so_innocent_text_survives()
    {
        _mock.Answer("/code/verify", HttpStatusCode.BadRequest, "{\"error\":\"abc is not a valid request\",\"requestId\":\"r-1\"}");
        using var service = Service(o => { o.Username = "u"; o.Password = "abc"; });

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => service.VerifyCodeAsync(Requests.To, Code));

        Assert.That(ex!.ErrorText, Is.EqualTo("abc is not a valid request"));
    }
}
