using System.Diagnostics;
using Bandwidth.Mfa.Tests.Hostile;
using NUnit.Framework;
using OpenTelemetry;
using OpenTelemetry.Trace;
using ReadmeSnippets.OpenTelemetrySetUp;

namespace Bandwidth.Mfa.Docs.Tests;

/// <summary>
/// The README's OpenTelemetry set-up, on a real socket: the HttpClient's own span (OpenTelemetry's HttpClient
/// instrumentation) carries the path with the account id in url.full; the README's processor replaces it with the MFA
/// call's url.template, so no exported span holds the account id.
/// </summary>
public class OpenTelemetryRecipeTests
{
    private const string AccountId = "9912345";

    [Test]
    public async Task Without_the_processor_the_HttpClient_span_has_the_account_id_in_url_full()
    {
        var spans = await ExportedSpansAsync(redact: false);

        var http = spans.Single(s => s.Source.Name != "Bandwidth.Mfa");
        Assert.That(http.GetTagItem("url.full") as string, Does.Contain("/accounts/" + AccountId + "/"));
    }

    [Test]
    public async Task With_the_READMEs_processor_no_exported_span_holds_the_account_id()
    {
        var spans = await ExportedSpansAsync(redact: true);

        var http = spans.Single(s => s.Source.Name != "Bandwidth.Mfa");
        Assert.That(http.GetTagItem("url.full"), Does.EndWith("/api/v1/accounts/{accountId}/code/verify").And.StartWith("http://127.0.0.1:"));
        foreach (var span in spans)
        {
            Assert.That(span.TagObjects.Select(t => t.Value?.ToString() ?? ""), Has.None.Contains(AccountId), span.DisplayName);
            Assert.That(span.DisplayName, Does.Not.Contain(AccountId));
        }
    }

    private static async Task<List<Activity>> ExportedSpansAsync(bool redact)
    {
        var exported = new List<Activity>();
        await using var server = new HostileServer(Answers.Json(200, "{\"valid\":true}"));
        var tracing = Sdk.CreateTracerProviderBuilder().AddSource("Bandwidth.Mfa").AddHttpClientInstrumentation();
        if (redact)
        {
            tracing.AddProcessor(new MfaAccountIdRedaction());
        }

        using (tracing.AddInMemoryExporter(exported).Build())
        {
            using var mfa = MfaService.Create(new MfaOptions
            {
                BaseUrl = server.BaseUrl,
                AccountId = AccountId,
                AccessToken = "token-1",
                RequireChannelDefaults = false,
            });
            Assert.That(await mfa.VerifyCodeAsync("+14155550100", "123456"), Is.True);
        }

        Assert.That(exported.Select(s => s.Source.Name), Is.EquivalentTo(new[] { "Bandwidth.Mfa", HttpSourceOf(exported) }));
        return exported;
    }

    private static string HttpSourceOf(List<Activity> spans) => spans.Single(s => s.Source.Name != "Bandwidth.Mfa").Source.Name;
}
