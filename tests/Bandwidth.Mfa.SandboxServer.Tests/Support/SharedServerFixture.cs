using System.Threading.Tasks;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Support;

/// <summary>
/// One server process for all tests of a fixture (started once, stopped at the end), reset before each test so that no
/// test sees another's codes. The fixture's tests run one at a time, since they share that state.
/// </summary>
[Parallelizable(ParallelScope.None)]
public abstract class SharedServerFixture
{
    protected ServerProcess Server { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartServer() => Server = await ServerProcess.StartAsync();

    [OneTimeTearDown]
    public async Task StopServer() => await Server.DisposeAsync();

    [SetUp]
    public async Task ResetServer()
    {
        using var http = Http(Server);
        Assert.That((await PostAsync(http, "sandbox/api/reset")).Status, Is.EqualTo(204));
    }
}
