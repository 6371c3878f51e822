using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Hostile;

/// <summary>
/// IHttpClientFactory's own request logging (Information and Trace, categories System.Net.Http.HttpClient.*) over DI:
/// it shows header names, never a header value, of the request or of the response, so a server that echoes a secret in
/// a response header the client cannot refuse (Retry-After, Content-Type) gets it into no log line.
/// </summary>
public class FactoryLoggingTests : HostileTestBase
{
    private const string TokenPath = "/oauth2/token";
    private const string ClientSecret = "Hostile-Client-Secret-8812";

    private static readonly string ClientBasic = Convert.ToBase64String(Encoding.UTF8.GetBytes("hostile-client:" + ClientSecret));

    private ServiceProvider Provider(HostileServer server, bool clientCredentials)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddBandwidthMfa(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.AccountId = MockMfa.AccountId;
            o.Messaging.From = Requests.From;
            o.Messaging.ApplicationId = Requests.ApplicationId;
            if (clientCredentials)
            {
                o.ClientId = "hostile-client";
                o.ClientSecret = ClientSecret;
                o.TokenUrl = new Uri(server.Origin + TokenPath);
            }
            else
            {
                o.Username = Username;
                o.Password = Password;
            }

            o.Timeout = AnswerTimeout;
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Header lines that echo <paramref name="secret"/> where the client has to read them.</summary>
    private static string[] EchoingHeaders(string secret, string basic) => new[]
    {
        "Retry-After: " + secret,
        "X-Echo: Basic " + basic,
        "Date: " + secret,
    };

    /// <summary>A Content-Type that echoes the secrets as parameters, still read as JSON.</summary>
    private static string EchoingContentType(string secret, string basic) => "application/json; charset=utf-8; echo=" + secret + "; basic=\"" + basic + "\"";

    [Test]
    public async Task Response_headers_that_echo_the_password_reach_no_log_line_of_the_factory()
    {
        var server = Serve((r, c) => Answers.Status(200, "{\"valid\":true}", EchoingContentType(Password, BasicForm), EchoingHeaders(Password, BasicForm))(r, c));
        await using var provider = Provider(server, clientCredentials: false);
        var mfa = provider.GetRequiredService<IMfaService>();

        Assert.That(await mfa.VerifyCodeAsync(Requests.To, Code).WaitAsync(AnswerTimeout + TimeSpan.FromSeconds(10)), Is.True);

        Assert.That(server.RequestCount, Is.EqualTo(1));
        AssertFactoryLoggedHeaderNamesOnly();
        AssertNoSecrets(null);
    }

    [Test]
    public async Task Token_endpoint_response_headers_that_echo_the_client_secret_reach_no_log_line_of_the_factory()
    {
        var server = Serve((r, c) => r.Path == TokenPath
            ? Answers.Status(200, "{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}", EchoingContentType(ClientSecret, ClientBasic), EchoingHeaders(ClientSecret, ClientBasic))(r, c)
            : Answers.Json(200, "{\"valid\":true}", "Retry-After: tok-1")(r, c));
        await using var provider = Provider(server, clientCredentials: true);
        var mfa = provider.GetRequiredService<IMfaService>();

        Assert.That(await mfa.VerifyCodeAsync(Requests.To, Code).WaitAsync(AnswerTimeout + TimeSpan.FromSeconds(10)), Is.True);

        Assert.That(server.Requests.Select(r => r.Path), Is.EqualTo(new[] { TokenPath, "/api/v1/accounts/" + MockMfa.AccountId + "/code/verify" }));
        Assert.That(server.Requests[1].Header("Authorization"), Is.EqualTo("Bearer tok-1"));
        Assert.That(Logs.Lines.Where(l => l.Category.Contains(MfaServiceCollectionExtensions.TokenHttpClientName, StringComparison.Ordinal)), Is.Not.Empty,
            "the token client's requests were logged by the factory");
        AssertFactoryLoggedHeaderNamesOnly();
        AssertNoSecrets(null, ClientSecret, ClientBasic, "tok-1");
    }

    /// <summary>The factory wrote its Trace header lines, with the names and without a single value.</summary>
    private void AssertFactoryLoggedHeaderNamesOnly()
    {
        var factoryLines = Logs.Lines.Where(l => l.Category.StartsWith("System.Net.Http.HttpClient.", StringComparison.Ordinal)).ToList();
        Assert.That(factoryLines.Where(l => l.Level == LogLevel.Trace), Is.Not.Empty, "the factory logged headers at Trace");
        var text = string.Join("\n", factoryLines.Select(l => l.Message));
        Assert.That(text, Does.Contain("Retry-After: *").And.Contain("Content-Type: *").And.Contain("Authorization: *"), "names stay, values are redacted");
        foreach (var line in factoryLines.SelectMany(l => l.Message.Split('\n')))
        {
            if (IsHeaderLine(line))
            {
                var colon = line.IndexOf(": ", StringComparison.Ordinal);
                Assert.That(line[(colon + 2)..].Trim(), Is.EqualTo("*"), "a header value was logged: " + line);
            }
        }
    }

    private static bool IsHeaderLine(string line)
    {
        var colon = line.IndexOf(": ", StringComparison.Ordinal);
        return colon > 0 && line[..colon].All(c => char.IsLetterOrDigit(c) || c == '-');
    }
}
