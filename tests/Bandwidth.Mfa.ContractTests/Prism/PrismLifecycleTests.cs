using System;
using System.Diagnostics;
using System.Net.Http;
using Bandwidth.Mfa.ContractTests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Prism;

/// <summary>
/// Prism never outlives the tests: not when they end normally, not when the test process is killed before it can stop
/// Prism. Each test starts a Prism of its own beside the shared one.
/// </summary>
public sealed class PrismLifecycleTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Test]
    public void Dispose_ends_prism_and_frees_its_port()
    {
        var prism = PrismServer.Start(RepositoryRoot.Path, MfaSpec.FilePath, StartTimeout);
        var pid = prism.ProcessId;

        prism.Dispose();

        Assert.That(IsRunning(pid), Is.False);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        Assert.That(async () => await http.GetAsync(prism.BaseUrl), Throws.InstanceOf<HttpRequestException>());
    }

    [Test]
    public void Prism_ends_by_itself_when_the_test_process_closes_its_input()
    {
        using var prism = PrismServer.Start(RepositoryRoot.Path, MfaSpec.FilePath, StartTimeout);

        prism.CloseStandardInput();

        Assert.That(prism.WaitForExit(TimeSpan.FromSeconds(15)), Is.True, "prism-guard.js ends Prism when its standard input closes");
    }

    [Test]
    public void Prism_ends_by_itself_when_the_test_process_is_gone()
    {
        // A stand-in for a test process that was killed outright: Prism watches it instead of this one.
        using var standIn = Process.Start(new ProcessStartInfo(PrismServer.FindNode()!, "-e \"setTimeout(() => {}, 120000)\"") { UseShellExecute = false })!;
        try
        {
            using var prism = PrismServer.Start(RepositoryRoot.Path, MfaSpec.FilePath, StartTimeout, watchedProcessId: standIn.Id);

            standIn.Kill(entireProcessTree: true);
            standIn.WaitForExit();

            Assert.That(prism.WaitForExit(TimeSpan.FromSeconds(15)), Is.True, "prism-guard.js ends Prism when the process it watches disappears");
        }
        finally
        {
            if (!standIn.HasExited)
            {
                standIn.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
