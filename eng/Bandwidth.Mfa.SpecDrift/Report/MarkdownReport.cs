using System;
using System.Linq;
using System.Text;
using Bandwidth.Mfa.SpecDrift.Comparing;
using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Reading;

namespace Bandwidth.Mfa.SpecDrift.Report;

/// <summary>
/// The report: a summary, which operation was compared with which, then a table with one line per difference (its
/// class, what differs, the operations it affects, and its JSON pointer in each document, "absent" where a document
/// lacks it). Documents are named by file name only.
/// </summary>
internal static class MarkdownReport
{
    /// <summary>The report of <paramref name="result"/>.</summary>
    public static string Write(DriftResult result, SpecDocument ours, SpecDocument vendor)
    {
        var text = new StringBuilder();
        text.Append("# Spec drift: `").Append(vendor.Name).Append("` against `").Append(ours.Name).Append("`\n\n");
        text.Append("Ours: `").Append(ours.Name).Append("` (OpenAPI ").Append(ours.VersionText).Append(", ").Append(Info(ours)).Append("). ");
        text.Append("The vendor's: `").Append(vendor.Name).Append("` (OpenAPI ").Append(vendor.VersionText).Append(", ").Append(Info(vendor)).Append(").\n\n");
        text.Append("| our operation | the vendor's |\n| --- | --- |\n");
        foreach (var (mine, theirs) in result.Operations)
        {
            text.Append("| `").Append(mine).Append("` | ").Append(theirs is null ? "none" : "`" + theirs + "`").Append(" |\n");
        }

        var counts = Enum.GetValues<DriftClass>().Select(c => $"{result.Differences.Count(d => d.Class == c)} {Name(c)}");
        text.Append("\n**").Append(result.Differences.Count).Append(result.Differences.Count == 1 ? " difference" : " differences").Append("**: ").Append(string.Join(", ", counts)).Append(". ");
        text.Append(result.ExitCode == 0
            ? "Exit code 0: nothing is incompatible or new.\n\n"
            : "Exit code 1: something is incompatible or new; see CONTRIBUTING, \"Regenerating the client after a vendor change\".\n\n");
        if (result.Differences.Count == 0)
        {
            text.Append("No differences: the documents describe the same operations on the wire.\n");
            return text.ToString();
        }

        text.Append("| class | difference | operations | ours | the vendor's |\n| --- | --- | --- | --- | --- |\n");
        foreach (var difference in result.Differences)
        {
            text.Append("| ").Append(Name(difference.Class))
                .Append(" | ").Append(Cell(difference.What))
                .Append(" | ").Append(Cell(string.Join(", ", difference.Operations)))
                .Append(" | ").Append(Pointer(difference.OursPointer, difference.OursAbsent))
                .Append(" | ").Append(Pointer(difference.VendorPointer, difference.VendorAbsent))
                .Append(" |\n");
        }

        text.Append("\nClasses and their rules: CONTRIBUTING, \"Spec drift\". A pointer marked absent is where the element would be.\n");
        return text.ToString();
    }

    /// <summary>The class as the report writes it.</summary>
    public static string Name(DriftClass driftClass) => driftClass switch
    {
        DriftClass.Incompatible => "incompatible",
        DriftClass.NewCapability => "new capability",
        DriftClass.OursStricter => "ours stricter",
        DriftClass.OursLooser => "ours looser",
        _ => "neutral",
    };

    private static string Info(SpecDocument document) => $"\"{Cell(document.Document.Info?.Title ?? "untitled")}\" {Cell(document.Document.Info?.Version ?? string.Empty)}".TrimEnd();

    private static string Pointer(string pointer, bool absent) => "`" + Cell(pointer) + "`" + (absent ? " (absent)" : string.Empty);

    /// <summary>Text fit for a table cell: one line, pipes escaped.</summary>
    private static string Cell(string text) => SpecReader.OneLine(text).Replace("|", "\\|", StringComparison.Ordinal);
}
