using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.SpecDrift.Comparing;
using Bandwidth.Mfa.SpecDrift.Reading;
using Bandwidth.Mfa.SpecDrift.Report;

namespace Bandwidth.Mfa.SpecDrift;

/// <summary>
/// <c>Bandwidth.Mfa.SpecDrift --vendor &lt;file&gt; [--ours openapi/mfa.yml] [--report artifacts/spec-drift.md]</c>:
/// compares the vendor's document with ours, prints the Markdown report and writes it to the report file. Exit code
/// 0 when nothing is incompatible or new, 1 otherwise, 2 (with one line on standard error) when a document cannot be
/// read or used, or the arguments are wrong.
/// </summary>
internal static class Program
{
    internal const string Usage = "usage: Bandwidth.Mfa.SpecDrift --vendor <file> [--ours <file> (openapi/mfa.yml)] [--report <file> (artifacts/spec-drift.md)]";

    private static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error, CancellationToken.None);

    /// <summary>Runs the command with <paramref name="args"/>; the report goes to <paramref name="output"/>, a failure's one line to <paramref name="error"/>.</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string? vendorPath = null;
        var oursPath = Path.Combine("openapi", "mfa.yml");
        var reportPath = Path.Combine("artifacts", "spec-drift.md");
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--vendor" when value is not null:
                    vendorPath = value;
                    i++;
                    break;
                case "--ours" when value is not null:
                    oursPath = value;
                    i++;
                    break;
                case "--report" when value is not null:
                    reportPath = value;
                    i++;
                    break;
                case "-h" or "--help":
                    await output.WriteLineAsync(Usage).ConfigureAwait(false);
                    return 0;
                default:
                    await error.WriteLineAsync($"spec-drift: unknown or incomplete argument '{args[i]}'. {Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        if (string.IsNullOrWhiteSpace(vendorPath))
        {
            await error.WriteLineAsync($"spec-drift: the vendor's document is missing (--vendor <file>). {Usage}").ConfigureAwait(false);
            return 2;
        }

        try
        {
            var ours = await SpecReader.ReadAsync(oursPath, cancellationToken).ConfigureAwait(false);
            var vendor = await SpecReader.ReadAsync(vendorPath, cancellationToken).ConfigureAwait(false);
            var result = SpecDriftComparer.Compare(ours, vendor);
            var report = MarkdownReport.Write(result, ours, vendor);
            await output.WriteAsync(report).ConfigureAwait(false);
            var folder = Path.GetDirectoryName(Path.GetFullPath(reportPath));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            await File.WriteAllTextAsync(reportPath, report, cancellationToken).ConfigureAwait(false);
            return result.ExitCode;
        }
        catch (SpecReadException exception)
        {
            await error.WriteLineAsync("spec-drift: " + exception.Message).ConfigureAwait(false);
            return 2;
        }
        catch (IOException exception)
        {
            await error.WriteLineAsync($"spec-drift: the report could not be written to {reportPath}: {exception.Message}").ConfigureAwait(false);
            return 2;
        }
    }
}
