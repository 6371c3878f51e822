using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.SpecDrift.Comparing;
using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Reading;

namespace Bandwidth.Mfa.SpecDrift.Tests.Support;

/// <summary>A temporary folder for the documents of one test, removed at the end.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(FullName);

    public string FullName { get; } = Path.Combine(Path.GetTempPath(), "mfa-spec-drift-" + Guid.NewGuid().ToString("N"));

    public string Write(string name, string text)
    {
        var path = Path.Combine(FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(FullName, recursive: true);
}

/// <summary>Runs the comparison on documents the tests write and returns the differences as short, exact strings.</summary>
internal static class DriftRun
{
    /// <summary>
    /// Compares <paramref name="vendor"/> (written as JSON, or YAML when <paramref name="yaml"/>) with <paramref name="ours"/>
    /// (our real document when null) and returns each difference as <c>class | ours pointer | vendor pointer</c>.
    /// </summary>
    public static async Task<DriftResult> CompareAsync(JsonNode vendor, JsonNode? ours = null, bool yaml = false)
    {
        using var folder = new TempFolder();
        var oursPath = ours is null ? Documents.OursPath : folder.Write("mfa.json", Documents.ToJson(ours));
        var vendorPath = folder.Write(yaml ? "vendor.yml" : "vendor.json", yaml ? Documents.ToYaml(vendor) : Documents.ToJson(vendor));
        return await CompareFilesAsync(oursPath, vendorPath);
    }

    public static async Task<DriftResult> CompareFilesAsync(string oursPath, string vendorPath) =>
        SpecDriftComparer.Compare(await SpecReader.ReadAsync(oursPath, CancellationToken.None), await SpecReader.ReadAsync(vendorPath, CancellationToken.None));

    /// <summary>One difference as the tests compare it.</summary>
    public static string Line(Difference d) => $"{d.Class} | {d.OursPointer}{(d.OursAbsent ? " (absent)" : string.Empty)} | {d.VendorPointer}{(d.VendorAbsent ? " (absent)" : string.Empty)}";

    public static string[] Lines(DriftResult result) => result.Differences.Select(Line).ToArray();

    /// <summary>The classes in the report's order.</summary>
    public static string Describe(DriftResult result) => string.Join(Environment.NewLine, result.Differences.Select(d => Line(d) + " | " + d.What + " | " + string.Join(", ", d.Operations)));
}
