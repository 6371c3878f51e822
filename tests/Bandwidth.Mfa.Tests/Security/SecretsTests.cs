using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Security;

/// <summary>
/// Runs every failure scenario in every authentication mode through the DI client, with all logging on at Trace
/// (IHttpClientFactory's included), and looks for secrets in every message, ToString() and log line.
/// </summary>
public class SecretsTests
{
    private const string Password = "P@ss-Basic-9127";
    private const string AccessToken = "AT-static-7741";
    private const string ClientSecret = "CS-secret-5583";
    private const string Code = "845219";
    private const string Phone = "+19195551234";

    private static readonly string[] Secrets =
    {
        Password, AccessToken, ClientSecret, Code,
        Phone, Phone.TrimStart('+'),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("api-user:" + Password)),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("client-1:" + ClientSecret)),
        "tok-1", "tok-2", "tok-3",
    };

    /// <summary>The script entry for "never answer" (see the handler in the test).</summary>
    private static readonly Func<HttpResponseMessage> Stall = () => throw new InvalidOperationException("a stalled answer is never produced");

    public enum AuthMode
    {
        Basic,
        BearerToken,
        ClientCredentials,
    }

    public static IEnumerable<TestCaseData> Modes()
    {
        yield return new TestCaseData(AuthMode.Basic).SetName("Secrets stay secret with Basic auth");
        yield return new TestCaseData(AuthMode.BearerToken).SetName("Secrets stay secret with a fixed bearer token");
        yield return new TestCaseData(AuthMode.ClientCredentials).SetName("Secrets stay secret with client credentials");
    }

    [TestCaseSource(nameof(Modes))]
    public async Task No_secret_code_or_full_phone_number_appears_anywhere(AuthMode mode)
    {
        using var mock = new MockMfa();
        var tokens = new TokenEndpoint(mock.Handler);
        var answers = new Queue<Func<HttpResponseMessage>>();
        mock.Handler.When("*").Respond(new CallbackHandler(async (_, cancellationToken) =>
        {
            var next = answers.Count > 0 ? answers.Dequeue() : () => Json(200, "{\"valid\":true,\"messageId\":\"m-1\"}");
            if (next == Stall)
            {
                // A server that never answers: waits until the client's timeout cancels the request.
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            }

            return next();
        }));
        var logs = new CapturingLoggerProvider();
        var texts = new List<string>();

        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddBandwidthMfa(o =>
        {
            o.BaseUrl = new Uri(MockMfa.BaseUrl);
            o.AccountId = MockMfa.AccountId;
            o.TokenUrl = new Uri(TokenEndpoint.Url);
            o.Timeout = TimeSpan.FromMilliseconds(300);
            o.Messaging.From = "+19195554321";
            o.Messaging.ApplicationId = Requests.ApplicationId;
            o.Retry = new MfaRetryOptions { BaseDelay = TimeSpan.Zero };
            switch (mode)
            {
                case AuthMode.Basic:
                    o.Username = "api-user";
                    o.Password = Password;
                    break;
                case AuthMode.BearerToken:
                    o.AccessToken = AccessToken;
                    break;
                default:
                    o.ClientId = "client-1";
                    o.ClientSecret = ClientSecret;
                    break;
            }
        }).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock.Handler));
        services.AddHttpClient(MfaServiceCollectionExtensions.TokenHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock.Handler));
        await using var provider = services.BuildServiceProvider();
        var mfa = provider.GetRequiredService<IMfaService>();
        var client = provider.GetRequiredService<IMfaClient>();
        texts.Add(provider.GetRequiredService<IOptions<MfaOptions>>().Value.ToString());
        texts.Add(new VerifyCodeRequest { To = Phone, Code = Code, ExpirationTimeInMinutes = 3 }.ToString());
        texts.Add(Requests.Code().ToString());

        async Task Run(string name, Func<Task> call, params Func<HttpResponseMessage>[] script)
        {
            answers.Clear();
            foreach (var answer in script)
            {
                answers.Enqueue(answer);
            }

            try
            {
                await call();
                Assert.That(name, Does.StartWith("success"), $"scenario '{name}' was expected to fail");
            }
            catch (Exception ex) when (ex is not AssertionException)
            {
                Assert.That(ex, Is.InstanceOf<MfaException>().Or.InstanceOf<ArgumentException>(), name);
                texts.Add(ex.Message);
                texts.Add(ex.ToString());
            }
        }

        Func<Task> send = () => mfa.SendSmsCodeAsync(Phone);
        Func<Task> verify = () => mfa.VerifyCodeAsync(Phone, Code);
        await Run("success", async () => { await send(); await verify(); });
        await Run("400", verify, () => Json(400, "{\"error\":\"to number " + Phone + " is invalid\",\"requestId\":\"r-400\"}"));
        await Run("401 twice", verify, () => Json(401, "{\"message\":\"Unauthorized\"}"), () => Json(401, "{\"message\":\"Unauthorized\"}"));
        await Run("403", verify, () => Json(403, "{\"Message\":\"Missing Authentication Token\"}"));
        await Run("429", verify, () => Json(429, "{\"error\":\"This number has exceeded verification attempts\",\"requestId\":\"r-429\"}"));
        await Run("500 send", send, () => Json(500, "{\"error\":\"Internal Error\",\"requestId\":\"r-500\"}"));
        await Run("502 html", send, () => Json(502, "<html>Bad gateway</html>", "text/html"));
        await Run("empty 200", send, () => Json(200, ""));
        await Run("truncated 200", verify, () => Json(200, "{\"valid\":tr"));
        await Run("transport", send, () => throw TransportFailures.ResponseEnded("connection reset"));
        await Run("timeout", verify, Stall);
        await Run("invalid code", () => mfa.VerifyCodeAsync(Phone, Code + "9999"));
        await Run("invalid number", () => mfa.SendSmsCodeAsync(Phone.TrimStart('+')));
        await Run("success, full call", () => client.VerifyCodeWithHttpInfoAsync(MockMfa.AccountId, new VerifyCodeRequest { To = Phone, Code = Code, ExpirationTimeInMinutes = 3 }));
        if (mode == AuthMode.ClientCredentials)
        {
            using var refusingMock = new MockHttpMessageHandler();
            refusingMock.When("*").Respond(HttpStatusCode.Unauthorized, "application/json", "{\"error\":\"invalid_client\"}");
            using var refusing = MfaService.Create(new MfaOptions
            {
                BaseUrl = new Uri(MockMfa.BaseUrl),
                AccountId = MockMfa.AccountId,
                ClientId = "client-1",
                ClientSecret = ClientSecret,
                TokenUrl = new Uri(TokenEndpoint.Url),
                Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
            }, refusingMock, provider.GetRequiredService<ILoggerFactory>());
            await Run("token endpoint refuses", () => refusing.VerifyCodeAsync(Phone, Code));
        }

        texts.AddRange(logs.Lines.Select(l => l.ToString()));
        TestContext.Out.WriteLine($"{mode}: checked {texts.Count} texts, {logs.Lines.Count} log lines");
        Assert.That(logs.Lines.Any(l => l.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal)), Is.True, "IHttpClientFactory's logging was on");
        Assert.That(logs.Lines.Any(l => l.Message.Contains("Authorization")), Is.True, "headers were logged (redacted)");
        foreach (var text in texts)
        {
            foreach (var secret in Secrets)
            {
                Assert.That(text, Does.Not.Contain(secret), $"'{secret}' leaked in: {text}");
            }
        }
    }

    private static HttpResponseMessage Json(int status, string body, string mediaType = "application/json") =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
}
