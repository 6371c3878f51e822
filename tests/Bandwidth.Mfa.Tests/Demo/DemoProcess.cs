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

namespace Bandwidth.Mfa.Tests.Demo;

/// <summary>
/// Runs the built demo (samples/Bandwidth.Mfa.Demo) as a child process with a clean environment: no BANDWIDTH_MFA__
/// variables and a fresh, empty home folder (so no user secrets), unless the test passes settings itself. Each run is
/// bounded; a run past the limit is killed with its process tree and fails the test.
/// </summary>
public static class DemoProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

        public string[] ErrorLines => Error.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
    }

    public static string AssemblyPath =>
        typeof(DemoProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "DemoAssemblyPath").Value!;

    /// <summary>The <c>dotnet</c> host that runs these tests: the CLI's, when it says so, else the one beside this runtime.</summary>
    public static string DotnetHost()
    {
        var fromCli = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromCli) && File.Exists(fromCli))
        {
            return fromCli;
        }

        // The shared runtime lives in <dotnet root>/shared/Microsoft.NETCore.App/<version>/.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }

    /// <summary>Runs the demo.</summary>
    /// <param name="environment">Variables to set for the child (after the clean-up).</param>
    /// <param name="prepareHome">Fills the child's empty home folder (for example with user secrets) before it starts.</param>
    /// <param name="interact">Talks to the running process (for example types on its standard input); standard input is closed after it.</param>
    /// <param name="arguments">The command-line arguments.</param>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string>? environment, Action<string>? prepareHome, Func<Process, Task>? interact, params string[] arguments)
    {
        Assert.That(File.Exists(AssemblyPath), Is.True, "the demo is built next to the tests: " + AssemblyPath);
        var home = Directory.CreateTempSubdirectory("mfa-demo-home-");
        try
        {
            prepareHome?.Invoke(home.FullName);
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

            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("BANDWIDTH_MFA", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(key);
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
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(Limit);
            try
            {
                if (interact != null)
                {
                    await interact(process).WaitAsync(limit.Token);
                }

                process.StandardInput.Close();
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

    public static Task<Result> RunAsync(params string[] arguments) => RunAsync(null, null, null, arguments);
}
