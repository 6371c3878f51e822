using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Versioning;
using Bandwidth.Mfa.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Targets;

/// <summary>
/// Each run of this suite (net10.0, net8.0 on a real .NET 8, net472 on Mono, the netstandard2.0 build on .NET 10) says
/// which build of the libraries it loaded and which runtime it runs on, and fails if either is not the one its test
/// target promises (eng/TestTargets.props): a run that silently rolled forward, or picked another asset, tests nothing new.
/// </summary>
[TestFixture]
public class TargetUnderTestTests
{
    private static string Expected(string key) =>
        typeof(TargetUnderTestTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    [Test]
    public void The_run_loads_the_expected_build_of_every_library()
    {
        var expected = Expected("MfaExpectedLibraryBuild") switch
        {
            "netstandard2.0" => ".NETStandard,Version=v2.0",
            "net8.0" => ".NETCoreApp,Version=v8.0",
            "net10.0" => ".NETCoreApp,Version=v10.0",
            var other => throw new InvalidOperationException("unknown build " + other),
        };
        foreach (var library in new[] { typeof(IMfaClient).Assembly, typeof(MfaService).Assembly, typeof(MfaSandbox).Assembly })
        {
            var built = library.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;
            Assert.That(built, Is.EqualTo(expected), library.GetName().Name);
        }

    }

    [Test]
    public void The_run_is_on_the_expected_runtime()
    {
        var description = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
        var loaded = typeof(IMfaClient).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName;

        // What this run ran on, for the one line that eng/TestTargets.targets prints after the run.
        File.WriteAllText(Path.Combine(TestContext.CurrentContext.WorkDirectory, "target-under-test.txt"), $"{description}, libraries built for {loaded}");
        switch (Expected("MfaExpectedRuntime"))
        {
            case "Mono":
                Assert.That(Type.GetType("Mono.Runtime"), Is.Not.Null, "runs on Mono: " + description);
                Assert.That(description, Does.StartWith("Mono "));
                break;
            case ".NET 8":
                Assert.That(Environment.Version.Major, Is.EqualTo(8), description);
                Assert.That(description, Does.StartWith(".NET 8."));
                break;
            case ".NET 10":
                Assert.That(Environment.Version.Major, Is.EqualTo(10), description);
                Assert.That(description, Does.StartWith(".NET 10."));
                break;
            default:
                Assert.Fail("unknown runtime " + Expected("MfaExpectedRuntime"));
                break;
        }
    }
}
