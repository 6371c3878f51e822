using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.SandboxServer.Tests.Targets;

/// <summary>
/// Each run of this suite (net10.0; net8.0 on a real .NET 8, eng/TestTargets.props) runs on the runtime its target
/// promises, and so does the server process it starts: the server's "Runtime:" line names the same major version.
/// </summary>
public class ServerRuntimeTests
{
    private static int ExpectedMajor()
    {
        var expected = typeof(ServerRuntimeTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "MfaExpectedRuntime").Value;
        return expected switch
        {
            ".NET 8" => 8,
            ".NET 10" => 10,
            _ => throw new InvalidOperationException("unknown runtime " + expected),
        };
    }

    [Test]
    public void The_tests_run_on_the_expected_runtime()
    {
        Assert.That(Environment.Version.Major, Is.EqualTo(ExpectedMajor()), System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);
    }

    [Test]
    public async Task The_server_runs_on_the_same_runtime_major_as_the_tests()
    {
        await using var server = await ServerProcess.StartAsync();
        var lines = server.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var runtimeLines = lines.Where(l => l.TrimStart().StartsWith("Runtime:", StringComparison.Ordinal)).ToArray();
        Assert.That(runtimeLines, Has.Length.EqualTo(1), server.Output);
        var description = runtimeLines[0].Trim().Substring("Runtime:".Length).Trim();

        // What this run and its server ran on, for the one line that eng/TestTargets.targets prints after the run.
        File.WriteAllText(
            Path.Combine(TestContext.CurrentContext.WorkDirectory, "target-under-test.txt"),
            System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ", sandbox server on " + description);

        Assert.That(description, Does.StartWith(".NET " + ExpectedMajor() + "."));
    }
}
