using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Bandwidth.Mfa.SandboxServer.Tests.Support;

/// <summary>
/// The built demo (samples/Bandwidth.Mfa.Demo) run to its end as a child process, as a newcomer runs it: no
/// BANDWIDTH_MFA__ variables and an empty home folder of its own (no user secrets) unless the test gives settings,
/// standard input closed, and a time limit past which the process tree is killed and the test fails.
/// </summary>
public static class DemoRun
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        public string[] ErrorLines => Error.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
    }

    public static string AssemblyPath =>
        typeof(DemoRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DemoAssemblyPath").Value!;

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    /// <summary>Runs the demo with <paramref name="arguments"/>; <paramref name="environment"/> is set after the clean-up.</summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        Assert.That(File.Exists(AssemblyPath), Is.True, "the demo is built next to the tests: " + AssemblyPath);
        var home = Directory.CreateTempSubdirectory("mfa-demo-home-");
        try
        {
            var start = new ProcessStartInfo(DotnetHost())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(AssemblyPath);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("BANDWIDTH_MFA", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(name);
            }

            start.Environment["HOME"] = home.FullName;
            start.Environment.Remove("APPDATA");
            start.Environment.Remove("DOTNET_USER_SECRETS_FALLBACK_DIR");
            start.Environment["DOTNET_NOLOGO"] = "1";
            foreach (var pair in environment ?? new Dictionary<string, string>())
            {
                start.Environment[pair.Key] = pair.Value;
            }

            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(Limit);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                Assert.Fail("The demo did not finish within " + Limit.TotalSeconds + " s; it was killed. Output so far:\n" + await output + await error);
            }

            return new Result(process.ExitCode, await output, await error);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    private static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        // The runtime's folder is <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}
