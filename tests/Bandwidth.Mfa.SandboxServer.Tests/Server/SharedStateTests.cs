using System;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Server;

/// <summary>One server process, two separate clients: what one sends, the other verifies; the JSON API sees both.</summary>
[Parallelizable(ParallelScope.None)]
public class SharedStateTests
{
    private ServerProcess _server = null!;

    [OneTimeSetUp]
    public async Task StartServer() => _server = await ServerProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [SetUp]
    public async Task Reset()
    {
        using var http = Http(_server);
        Assert.That((await PostAsync(http, "sandbox/api/reset")).Status, Is.EqualTo(204));
    }

    [Test]
    public async Task A_code_sent_by_one_client_verifies_through_another()
    {
        using var sender = Client(_server);
        using var verifier = Client(_server);
        using var http = Http(_server);

        var sent = await sender.SendSmsCodeAsync(To);
        var (status, last, _) = await GetAsync(http, "sandbox/api/numbers/" + To + "/last-code");

        Assert.That(status, Is.EqualTo(200));
        var code = (string)last!["code"]!;
        Assert.That(code, Does.Match("^[0-9]{6}$"));
        Assert.That((string?)last["id"], Is.EqualTo(sent.MessageId));
        Assert.That((string?)last["text"], Does.EndWith(code));
        Assert.That((string?)last["channel"], Is.EqualTo("sms"));
        Assert.That((string?)last["to"], Is.EqualTo(To));
        Assert.That(await verifier.VerifyCodeAsync(To, code), Is.True);
        Assert.That(await verifier.VerifyCodeAsync(To, code == "000000" ? "111111" : "000000"), Is.False);
    }
}
