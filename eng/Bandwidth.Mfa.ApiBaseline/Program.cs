using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;

namespace Bandwidth.Mfa.ApiBaseline;

/// <summary>
/// Compares the public surface of a built assembly with its committed baseline (mode <c>check</c>), or rewrites the
/// baseline from the assembly (mode <c>update</c>). Differences are printed in MSBuild's canonical error format so that
/// the build fails with one message per added or removed line, each naming the member.
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
            var actual = ApiSurface.Read(options.Assembly, options.References);
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

    private static int Check(Options options, IReadOnlyList<string> actual)
    {
        if (options.ActualOutput != null)
        {
            WriteAtomically(options.ActualOutput, Render(options.Label, actual));
        }

        if (!File.Exists(options.Baseline))
        {
            Console.WriteLine(options.Baseline + ": error MFAAPI003: " + options.Label + " has no public API baseline yet (" + actual.Count
                + " lines would be recorded). Create it with 'dotnet pwsh build.ps1 -Task ApiBaseline' (or 'dotnet build -p:MfaApiBaselineUpdate=true') and commit it.");
            return 1;
        }

        var baselineLines = File.ReadAllLines(options.Baseline);
        var expected = new HashSet<string>(StringComparer.Ordinal);
        var lineNumbers = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < baselineLines.Length; i++)
        {
            var line = baselineLines[i].TrimEnd('\r');
            if (IsContent(line) && expected.Add(line))
            {
                lineNumbers[line] = i + 1;
            }
        }

        var present = new HashSet<string>(actual, StringComparer.Ordinal);
        var added = actual.Where(line => !expected.Contains(line)).ToList();
        var removed = expected.Where(line => !present.Contains(line)).OrderBy(line => lineNumbers[line]).ToList();
        if (added.Count == 0 && removed.Count == 0)
        {
            return 0;
        }

        var listed = 0;
        foreach (var line in removed)
        {
            if (listed++ == MaxListedDifferences)
            {
                break;
            }

            Console.WriteLine(options.Baseline + "(" + lineNumbers[line] + "): error MFAAPI002: " + options.Label
                + " no longer has this baseline line: " + line);
        }

        foreach (var line in added)
        {
            if (listed++ >= MaxListedDifferences)
            {
                break;
            }

            Console.WriteLine(options.Baseline + "(" + InsertionLine(actual, line, lineNumbers, baselineLines.Length) + "): error MFAAPI001: " + options.Label
                + " has a public API line that is not in the baseline: " + line);
        }

        var omitted = added.Count + removed.Count - MaxListedDifferences;
        Console.WriteLine(options.Baseline + ": error MFAAPI000: The public API of " + options.Label + " differs from its baseline: "
            + added.Count + " added, " + removed.Count + " removed" + (omitted > 0 ? " (" + omitted + " more not listed)" : string.Empty)
            + ". " + AcceptHint);
        return 1;
    }

    private static int Update(Options options, IReadOnlyList<string> actual)
    {
        var text = Render(options.Label, actual);
        var before = File.Exists(options.Baseline) ? File.ReadAllText(options.Baseline).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (before == text)
        {
            Console.WriteLine("Public API baseline of " + options.Label + " is up to date: " + options.Baseline);
            return 0;
        }

        WriteAtomically(options.Baseline, text);
        Console.WriteLine("Public API baseline of " + options.Label + " written: " + options.Baseline + " (" + actual.Count + " lines); review it with 'git diff -- api/'.");
        return 0;
    }

    private static string Render(string label, IReadOnlyList<string> lines)
    {
        var name = label.Split(' ')[0];
        var builder = new StringBuilder();
        builder.Append("# Public API of ").Append(name).Append(": every public or protected type and member, one a line, sorted.\n");
        builder.Append("# Serialization and validation attributes are included: they carry the wire names and the spec's rules.\n");
        builder.Append("# Checked on every build (eng/PublicApi.targets). Do not edit by hand: run 'dotnet pwsh build.ps1 -Task ApiBaseline'.\n");
        foreach (var line in lines)
        {
            builder.Append(line).Append('\n');
        }

        return builder.ToString();
    }

    private static bool IsContent(string line) => line.Length > 0 && !line.StartsWith('#');

    // Where an added line would go: before the next line of the actual surface that the baseline already has.
    private static int InsertionLine(IReadOnlyList<string> actual, string line, Dictionary<string, int> baselineLineNumbers, int baselineLength)
    {
        var index = -1;
        for (var i = 0; i < actual.Count; i++)
        {
            if (actual[i] == line)
            {
                index = i;
                break;
            }
        }

        for (var i = index + 1; i < actual.Count; i++)
        {
            if (baselineLineNumbers.TryGetValue(actual[i], out var number))
            {
                return number;
            }
        }

        return baselineLength + 1;
    }

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
