using System;
using System.Diagnostics;
using Bandwidth.Mfa.ContractTests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Prism;

/// <summary>
/// Starts one Prism mock of openapi/mfa.yml for every test in this namespace and stops it afterwards. Without Node.js or
/// node_modules every test here fails with one line saying so: these tests never skip, in CI or anywhere else.
/// </summary>
[SetUpFixture]
public sealed class PrismFixture
{
    private static PrismServer? _server;

    public static PrismServer Server => _server ?? throw new InvalidOperationException("Prism is not running.");

    [OneTimeSetUp]
    public void StartPrism()
    {
        var watch = Stopwatch.StartNew();
        try
        {
            _server = PrismServer.Start(RepositoryRoot.Path, MfaSpec.FilePath, TimeSpan.FromSeconds(90));
        }
        catch (PrismUnavailableException exception)
        {
            Assert.Fail(exception.Message);
        }

        TestContext.Progress.WriteLine($"Prism serves openapi/mfa.yml on {Server.BaseUrl} (pid {Server.ProcessId}, ready in {watch.Elapsed.TotalSeconds:0.0} s).");
    }

    [OneTimeTearDown]
    public void StopPrism()
    {
        if (_server != null && TestContext.CurrentContext.Result.FailCount > 0)
        {
            TestContext.Progress.WriteLine("Prism's log of the last requests:" + Environment.NewLine + _server.RecentOutput);
        }

        _server?.Dispose();
        _server = null;
    }
}
