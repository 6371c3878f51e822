using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Bandwidth.Mfa.ApiBaseline;

/// <summary>
/// Compares the public API of a built assembly (PublicApiGenerator's text, see <see cref="PublicApiText"/>) with its
/// committed baseline (mode <c>check</c>), or rewrites the baseline from the assembly (mode <c>update</c>). Differences
/// are printed in MSBuild's canonical error format, one per added or removed line, each naming its type or member.
/// </summary>
internal static class Program
{
    private const int MaxListedDifferences = 60;

    internal const string AcceptHint =
        "Review the change, then accept it with 'dotnet pwsh build.ps1 -Task ApiBaseline' (or 'dotnet build -p:MfaApiBaselineUpdate=true') and commit the diff of api/.";

    private static int Main(string[] args)
    {
        try
        {
            var options = Options.Parse(args);
            var actual = Render(options.Label, PublicApiText.Generate(options.Assembly, options.References));
            return options.Mode == "update" ? Update(options, actual) : Check(options, actual);
        }
        catch (UsageException exception)
        {
            Console.Error.WriteLine("Bandwidth.Mfa.ApiBaseline : error MFAAPI900: " + exception.Message);
            Console.Error.WriteLine("usage: Bandwidth.Mfa.ApiBaseline check|update --assembly <dll> --references <file with one path a line> --baseline <txt> --label <text> [--actual <txt>]");
            return 2;
        }
        catch (Exception exception)
        {
            Console.Error.WriteLine("Bandwidth.Mfa.ApiBaseline : error MFAAPI901: The public API check could not read the assembly: " + exception.GetType().Name + ": " + exception.Message);
            return 2;
        }
    }

    private static int Check(Options options, string actual)
    {
        if (options.ActualOutput != null)
        {
            WriteAtomically(options.ActualOutput, actual);
        }

        if (!File.Exists(options.Baseline))
        {
            Console.WriteLine(options.Baseline + ": error MFAAPI003: " + options.Label + " has no public API baseline yet. Create it with 'dotnet pwsh build.ps1 -Task ApiBaseline' (or 'dotnet build -p:MfaApiBaselineUpdate=true') and commit it.");
            return 1;
        }

        var baseline = File.ReadAllText(options.Baseline).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (baseline == actual)
        {
            return 0;
        }

        var differences = BaselineDiff.Compare(Lines(baseline), Lines(actual));
        foreach (var difference in differences.Take(MaxListedDifferences))
        {
            Console.WriteLine(options.Baseline + "(" + difference.BaselineLine + "): error " + (difference.Added ? "MFAAPI001: " : "MFAAPI002: ")
                + options.Label + ": " + difference.Subject
                + (difference.Added ? " has a line that is not in the baseline: " : " no longer has this baseline line: ") + difference.Text);
        }

        var added = differences.Count(difference => difference.Added);
        var subjects = differences.Select(difference => difference.Subject).Distinct(StringComparer.Ordinal).ToList();
        var omitted = differences.Count - MaxListedDifferences;
        Console.WriteLine(options.Baseline + ": error MFAAPI000: The public API of " + options.Label + " differs from its baseline: "
            + added + (added == 1 ? " line" : " lines") + " added, " + (differences.Count - added) + " removed"
            + (subjects.Count > 0 ? ", on " + string.Join(", ", subjects.Take(10)) + (subjects.Count > 10 ? " and " + (subjects.Count - 10) + " more" : string.Empty) : " (only braces or blank lines)")
            + (omitted > 0 ? " (" + omitted + " lines not listed)" : string.Empty) + ". " + AcceptHint);
        return 1;
    }

    private static int Update(Options options, string actual)
    {
        var before = File.Exists(options.Baseline) ? File.ReadAllText(options.Baseline).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (before == actual)
        {
            Console.WriteLine("Public API baseline of " + options.Label + " is up to date: " + options.Baseline);
            return 0;
        }

        WriteAtomically(options.Baseline, actual);
        Console.WriteLine("Public API baseline of " + options.Label + " written: " + options.Baseline + " (" + Lines(actual).Length + " lines); review it with 'git diff -- api/'.");
        return 0;
    }

    private static string Render(string label, string api)
    {
        var name = label.Split(' ')[0];
        return "// Public API of " + name + " as PublicApiGenerator prints it: every public or protected type and member, with its\n"
            + "// attributes (they carry the wire names and the spec's rules) and nullable annotations; one file for all target frameworks.\n"
            + "// Checked on every build (eng/PublicApi.targets). Do not edit by hand: run 'dotnet pwsh build.ps1 -Task ApiBaseline'.\n"
            + api.TrimEnd('\n') + "\n";
    }

    private static string[] Lines(string text) => text.TrimEnd('\n').Split('\n');

    // Several target frameworks of one project may write the same file at once: write beside it, then swap it in.
    private static void WriteAtomically(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        for (var attempt = 1; ; attempt++)
        {
            var temporary = path + "." + Environment.ProcessId + ".tmp";
            try
            {
                File.WriteAllText(temporary, text, new UTF8Encoding(false));
                File.Move(temporary, path, overwrite: true);
                return;
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100 * attempt);
            }
            finally
            {
                if (File.Exists(temporary))
                {
                    File.Delete(temporary);
                }
            }
        }
    }

    private sealed class Options
    {
        public string Mode { get; private set; } = string.Empty;

        public string Assembly { get; private set; } = string.Empty;

        public IReadOnlyList<string> References { get; private set; } = Array.Empty<string>();

        public string Baseline { get; private set; } = string.Empty;

        public string Label { get; private set; } = string.Empty;

        public string? ActualOutput { get; private set; }

        public static Options Parse(string[] args)
        {
            if (args.Length == 0 || (args[0] != "check" && args[0] != "update"))
            {
                throw new UsageException("the first argument must be 'check' or 'update'.");
            }

            var options = new Options { Mode = args[0] };
            string? references = null;
            for (var i = 1; i < args.Length; i += 2)
            {
                if (i + 1 >= args.Length)
                {
                    throw new UsageException("'" + args[i] + "' needs a value.");
                }

                var value = args[i + 1];
                switch (args[i])
                {
                    case "--assembly":
                        options.Assembly = Path.GetFullPath(value);
                        break;
                    case "--references":
                        references = value;
                        break;
                    case "--baseline":
                        options.Baseline = Path.GetFullPath(value);
                        break;
                    case "--label":
                        options.Label = value;
                        break;
                    case "--actual":
                        options.ActualOutput = Path.GetFullPath(value);
                        break;
                    default:
                        throw new UsageException("unknown option '" + args[i] + "'.");
                }
            }

            if (options.Assembly.Length == 0 || options.Baseline.Length == 0 || references == null)
            {
                throw new UsageException("--assembly, --references and --baseline are required.");
            }

            if (options.Label.Length == 0)
            {
                options.Label = Path.GetFileNameWithoutExtension(options.Assembly);
            }

            options.References = File.ReadAllLines(references).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
            return options;
        }
    }

    private sealed class UsageException(string message) : Exception(message);
}
