using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using Newtonsoft.Json.Linq;
using Bandwidth.Mfa.Tests.Demo;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Demo;

/// <summary>
/// The demo's <c>--sandbox-url</c>: the built demo as one process, the server as another, and the server's JSON API as
/// the witness of what the demo sent and verified.
/// </summary>
public class DemoSandboxUrlTests : SharedServerFixture
{
    [Test]
    public async Task The_demo_sends_shows_and_verifies_through_theServer_and_its_outbox_holds_exactly_that_message()
    {
        var result = await DemoProcess.RunAsync("--sandbox-url", Server.Root.ToString());

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Output + result.Error);
        Assert.That(result.Error, Is.Empty);
        var lines = result.OutputLines;
        Assert.That(lines[0], Does.StartWith("Bandwidth MFA demo on the sandbox server at " + Server.Root + ":"));
        Assert.That(lines, Has.Some.EqualTo("> Sending an SMS code to +1********34 (scope 2FA)"));
        var messageId = Single(lines, @"^  accepted, messageId ([0-9]{13}[a-z0-9]{16})$");
        var shown = Array.IndexOf(lines, "> The phone would show:");
        Assert.That(shown, Is.GreaterThan(0));
        var code = Regex.Match(lines[shown + 1], "^  Your Bandwidth MFA Sandbox verification code is ([0-9]{6})$").Groups[1].Value;
        Assert.That(code, Is.Not.Empty, lines[shown + 1]);
        Assert.That(lines[shown + 2], Is.EqualTo("> Verifying the code the user received (" + code + ")"));
        Assert.That(lines[shown + 3], Is.EqualTo("  result: valid"));
        var wrongCode = Single(lines, @"^> Verifying a wrong code \(([0-9]{6})\)$");
        Assert.That(wrongCode, Is.Not.EqualTo(code));
        Assert.That(lines[shown + 5], Is.EqualTo("  result: invalid"));
        Assert.That(result.Output, Does.Contain("To go live").And.Contain("BANDWIDTH_MFA__ACCOUNTID"));

        var outbox = await OutboxAsync();
        var message = (JObject)((JArray)outbox["messages"]!).Single();
        Assert.That(message["id"]!.Value<string>(), Is.EqualTo(messageId));
        Assert.That(message["channel"]!.Value<string>(), Is.EqualTo("sms"));
        Assert.That(message["accountId"]!.Value<string>(), Is.EqualTo(AccountId));
        Assert.That(message["to"]!.Value<string>(), Is.EqualTo(To));
        Assert.That(message["from"]!.Value<string>(), Is.EqualTo(From));
        Assert.That(message["applicationId"]!.Value<string>(), Is.EqualTo(MessagingApplicationId));
        Assert.That(message["scope"]!.Value<string>(), Is.EqualTo("2FA"));
        Assert.That(message["code"]!.Value<string>(), Is.EqualTo(code));
        Assert.That(message["text"]!.Value<string>(), Is.EqualTo(lines[shown + 1].Trim()));

        // Newest first: the wrong code, then the right one, both for the example number.
        var verifications = ((JArray)outbox["verifications"]!).Cast<JObject>().ToArray();
        Assert.That(verifications.Select(v => v["result"]!.Value<string>()), Is.EqualTo(new[] { "invalid", "valid" }));
        Assert.That(verifications.Select(v => v["to"]!.Value<string>()), Is.All.EqualTo(To));
    }

    [Test]
    public async Task The_voice_channel_number_and_scope_go_to_theServer()
    {
        const string Phone = "+14155550100";
        var result = await DemoProcess.RunAsync("--sandbox-url", Server.Root.ToString(), "--channel", "voice", "--to", Phone, "--scope=login");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Output + result.Error);
        var lines = result.OutputLines;
        Assert.That(lines, Has.Some.EqualTo("> Calling +1********00 to read out a code (scope login)"));
        var callId = Single(lines, "^  accepted, callId (c-[0-9a-f-]+)$");
        var said = Array.IndexOf(lines, "> The call would say:");
        Assert.That(said, Is.GreaterThan(0));
        Assert.That(lines[said + 3], Is.EqualTo("  result: valid"));
        Assert.That(lines[said + 5], Is.EqualTo("  result: invalid"));

        var message = (JObject)((JArray)(await OutboxAsync())["messages"]!).Single();
        Assert.That(message["id"]!.Value<string>(), Is.EqualTo(callId));
        Assert.That(message["channel"]!.Value<string>(), Is.EqualTo("voice"));
        Assert.That(message["to"]!.Value<string>(), Is.EqualTo(Phone));
        Assert.That(message["applicationId"]!.Value<string>(), Is.EqualTo(VoiceApplicationId));
        Assert.That(message["scope"]!.Value<string>(), Is.EqualTo("login"));
        Assert.That(lines[said + 1], Is.EqualTo("  " + message["text"]!.Value<string>()));
    }

    [Test]
    public async Task The_sandboxServer_wins_over_live_settings()
    {
        // Live settings that would fail if they were used: a BaseUrl where nothing listens.
        var nowhere = ClosedPort();
        var live = new Dictionary<string, string>
        {
            ["BANDWIDTH_MFA__BASEURL"] = "http://127.0.0.1:" + nowhere + "/api/v1/",
            ["BANDWIDTH_MFA__ACCOUNTID"] = "5550001",
            ["BANDWIDTH_MFA__USERNAME"] = "live-user",
            ["BANDWIDTH_MFA__PASSWORD"] = "live-password",
        };

        var result = await DemoProcess.RunAsync(live, null, null, "--sandbox-url", Server.Root.ToString());

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Output + result.Error);
        Assert.That(result.Output, Does.Contain("on the sandbox server at " + Server.Root).And.Not.Contain("live:"));
        var message = (JObject)((JArray)(await OutboxAsync())["messages"]!).Single();
        Assert.That(message["accountId"]!.Value<string>(), Is.EqualTo(AccountId), "the sandbox's example account, not the live one");
    }

    [Test]
    public async Task AServer_that_is_not_running_is_one_line_naming_the_url_and_the_start_command_and_exit_code_1()
    {
        var url = "http://127.0.0.1:" + ClosedPort() + "/";

        var result = await DemoProcess.RunAsync("--sandbox-url", url);

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Output + result.Error);
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.Error);
        Assert.That(result.ErrorLines[0], Does.StartWith("error: no sandbox server answers at " + url));
        Assert.That(result.ErrorLines[0], Does.Contain("start one with: dotnet run --project src/Bandwidth.Mfa.SandboxServer"));
        Assert.That(result.Output, Is.Empty, "nothing was sent");
    }

    [TestCase("ftp://127.0.0.1:5380")]
    [TestCase("127.0.0.1:5380")]
    [TestCase("/sandbox")]
    [TestCase("http://127.0.0.1:5380/?x=1")]
    [TestCase("http://user:secret@127.0.0.1:5380/")]
    public async Task A_url_that_is_not_an_absolute_http_url_is_one_line_and_exit_code_2(string url)
    {
        var result = await DemoProcess.RunAsync("--sandbox-url", url);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1), result.Error);
        Assert.That(result.ErrorLines[0], Does.StartWith("error: '--sandbox-url' must be an absolute http or https URL").And.EndWith("(see --help)"));
        Assert.That(result.Output, Is.Empty, "nothing ran");
    }

    [Test]
    public async Task The_embedded_sandbox_and_a_sandboxServer_exclude_each_other()
    {
        var result = await DemoProcess.RunAsync("--sandbox", "--sandbox-url", Server.Root.ToString());

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.Contain("'--sandbox'").And.Contain("'--sandbox-url'"));
    }

    [Test]
    public async Task Help_describes_the_option_and_that_it_wins_over_live_settings()
    {
        var result = await DemoProcess.RunAsync("--help");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Output, Does.Contain("--sandbox-url <url>").And.Contain("dotnet run --project src/Bandwidth.Mfa.SandboxServer").And.Contain("wins over live"));
    }

    private async Task<JObject> OutboxAsync()
    {
        using var http = Http(Server);
        var (status, json, body) = await GetAsync(http, "sandbox/api/outbox");
        Assert.That(status, Is.EqualTo(200), body);
        return (JObject)json!;
    }

    /// <summary>The first group of the one line that matches <paramref name="pattern"/>.</summary>
    private static string Single(string[] lines, string pattern)
    {
        var matches = lines.Select(l => Regex.Match(l, pattern)).Where(m => m.Success).ToArray();
        Assert.That(matches, Has.Length.EqualTo(1), "one line matches " + pattern + ":\n" + string.Join("\n", lines));
        return matches[0].Groups[1].Value;
    }

    /// <summary>A loopback port that nothing listens on: bound by this test, noted, and closed again.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
