using System;
using System.Diagnostics;
using System.IO;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.SpecDrift.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.SpecDrift.Tests;

/// <summary>The built command, run as a process from the repository root as build.ps1 runs it: exit codes, standard output, the report file.</summary>
public sealed class CommandTests
{
    private static readonly string Tool = Path.Combine(AppContext.BaseDirectory, "Bandwidth.Mfa.SpecDrift.dll");

    [Test]
    public async Task Nothing_incompatible_or_new_is_exit_code_0_with_the_report_on_stdout_and_in_artifacts()
    {
        using var folder = new TempFolder();
        var vendor = Documents.Ours();
        Documents.At(vendor, "#/components/schemas/CodeRequest/properties/to")["pattern"] = @"^\+[1-9]\d{1,19}$";
        var vendorPath = folder.Write("bandwidth.json", Documents.ToJson(vendor));
        var report = Path.Combine(folder.FullName, "artifacts", "spec-drift.md");

        var (exitCode, output, error) = await RunAsync("--vendor", vendorPath, "--report", report);

        Assert.That(exitCode, Is.Zero, error);
        Assert.That(error, Is.Empty);
        Assert.That(File.ReadAllText(report), Is.EqualTo(output));
        Assert.That(output, Does.StartWith("# Spec drift: `bandwidth.json` against `mfa.yml`\n"));
        Assert.That(output, Does.Contain("**1 difference**: 0 incompatible, 0 new capability, 1 ours stricter, 0 ours looser, 0 neutral. Exit code 0"));
        Assert.That(output, Does.Contain("| ours stricter | request `to`: pattern `^\\+[1-9]\\d{1,14}$` in ours, `^\\+[1-9]\\d{1,19}$` in the vendor's; the vendor's accepts `+1000000000000000`, ours does not | POST /accounts/{accountId}/code/messaging, POST /accounts/{accountId}/code/voice | `#/components/schemas/CodeRequest/properties/to/pattern` | `#/components/schemas/CodeRequest/properties/to/pattern` |"));
        Assert.That(output, Does.Not.Contain(folder.FullName), "the report names documents by file name only");
    }

    [Test]
    public async Task Something_new_is_exit_code_1_and_the_default_report_is_artifacts_spec_drift_md()
    {
        using var folder = new TempFolder();
        var vendor = Documents.Ours();
        Documents.At(vendor, "#/paths/~1accounts~1{accountId}~1code~1verify/post/responses")["503"] = new JsonObject { ["description"] = "Unavailable." };
        var vendorPath = folder.Write("bandwidth.json", Documents.ToJson(vendor));
        Directory.CreateDirectory(Path.Combine(folder.FullName, "openapi"));
        File.Copy(Documents.OursPath, Path.Combine(folder.FullName, "openapi", "mfa.yml"));

        var (exitCode, output, _) = await RunInAsync(folder.FullName, "--vendor", vendorPath);

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain("| new capability | status 503: only the vendor's document has it;"));
        Assert.That(File.ReadAllText(Path.Combine(folder.FullName, "artifacts", "spec-drift.md")), Is.EqualTo(output));
    }

    [Test]
    public async Task An_unreadable_document_is_exit_code_2_with_one_line_on_stderr()
    {
        using var folder = new TempFolder();

        var (exitCode, output, error) = await RunAsync("--vendor", folder.Write("bandwidth.yml", "openapi: 3.0.3\ninfo: [\n"), "--report", Path.Combine(folder.FullName, "r.md"));

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(output, Is.Empty);
        Assert.That(error.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error, Does.StartWith("spec-drift: ").And.Contain("bandwidth.yml: cannot be read"));
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunInAsync(Documents.Root, args);

    private static async Task<(int ExitCode, string Output, string Error)> RunInAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Tool);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output, await error);
    }
}
