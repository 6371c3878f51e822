using System;
using System.Collections.Generic;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Reading;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>What a comparison found: the differences, and which vendor operation each of ours was compared with.</summary>
internal sealed record DriftResult(IReadOnlyList<Difference> Differences, IReadOnlyList<(string Ours, string? Vendor)> Operations)
{
    /// <summary>0 when nothing is incompatible or new, 1 otherwise (the command's exit code).</summary>
    public int ExitCode => Differences.Any(d => d.Class is DriftClass.Incompatible or DriftClass.NewCapability) ? 1 : 0;
}

/// <summary>
/// Compares every operation of our document with the vendor's operation on the same path and method (see
/// <see cref="OperationLocator"/>), then looks for what the vendor has beside them: other methods on the same paths,
/// and other paths under the prefix our paths share (<c>/accounts/{accountId}/code/</c>), which are new capabilities.
/// Everything else in a combined document (other products' paths and components) is never read.
/// </summary>
internal static class SpecDriftComparer
{
    /// <summary>Compares <paramref name="ours"/> with <paramref name="vendor"/>.</summary>
    /// <exception cref="SpecReadException">A document has no operation to compare, a vendor path is ambiguous, or a needed reference does not resolve.</exception>
    public static DriftResult Compare(SpecDocument ours, SpecDocument vendor)
    {
        var oursOperations = OperationLocator.All(ours.Document);
        if (oursOperations.Count == 0)
        {
            throw new SpecReadException($"{ours.Name}: cannot be used: it has no operations to compare.");
        }

        var vendorPaths = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var path in oursOperations.Select(o => o.Path).Distinct(StringComparer.Ordinal))
        {
            var first = oursOperations.First(o => o.Path == path);
            var ourAddress = ServerComparer.Addresses(ours.Document, path, first.Item, first.Operation, first.Pointer).Addresses[0];
            vendorPaths[path] = OperationLocator.FindPath(path, vendor, VendorAddresses(vendor), ourAddress);
        }

        if (vendorPaths.Values.All(p => p is null))
        {
            throw new SpecReadException($"{vendor.Name}: cannot be used: it has none of the paths of {ours.Name} ({string.Join(", ", vendorPaths.Keys)}), not even under another base path; is it the vendor's document?");
        }

        var sink = new DriftSink();
        var comparer = new OperationComparer(sink, ours, vendor);
        var vendorOperations = OperationLocator.All(vendor.Document);
        var pairs = new List<(string, string?)>();
        foreach (var mine in oursOperations)
        {
            sink.Operation = mine.Label;
            var vendorPath = vendorPaths[mine.Path];
            var theirs = vendorOperations.FirstOrDefault(o => o.Path == vendorPath && o.Method == mine.Method);
            pairs.Add((mine.Label, theirs?.Label));
            if (theirs is null)
            {
                var at = new Location(mine.Pointer, vendorPath is null ? mine.Pointer : OperationRef.PathPointer(vendorPath) + "/" + mine.Method.Method.ToLowerInvariant(), false, true);
                sink.Add(DriftClass.Incompatible, at, vendorPath is null
                    ? "operation: the vendor's document does not have this path (under any base path); the client's calls would not be served"
                    : $"operation: the vendor's path has no {mine.Method.Method.ToUpperInvariant()} operation; the client's calls would not be served");
                continue;
            }

            comparer.Compare(mine, theirs);
        }

        AddVendorOnlyOperations(sink, ours, oursOperations, vendorPaths, vendorOperations);
        return new DriftResult(sink.Sorted(), pairs);
    }

    private static Func<string, IReadOnlyList<string>> VendorAddresses(SpecDocument vendor) => path =>
    {
        var item = vendor.Document.Paths![path];
        return ServerComparer.Addresses(vendor.Document, path, item, null, OperationRef.PathPointer(path)).Addresses;
    };

    /// <summary>
    /// New operations: another method on one of our paths, or any operation on a vendor path under the prefix that our
    /// paths share, shifted like the matched paths. The prefix must name something after its first path parameter
    /// (<c>accounts/{}/code</c>), so that it never takes in the whole account (<c>accounts/{}</c>).
    /// </summary>
    private static void AddVendorOnlyOperations(DriftSink sink, SpecDocument ours, IReadOnlyList<OperationRef> oursOperations, Dictionary<string, string?> vendorPaths, IReadOnlyList<OperationRef> vendorOperations)
    {
        var matched = vendorPaths.Where(p => p.Value is not null).ToDictionary(p => p.Value!, p => p.Key, StringComparer.Ordinal);
        var prefix = OperationLocator.CommonPrefix(oursOperations.Select(o => o.Path));
        var firstParameter = prefix.ToList().IndexOf("{}");
        var familyUsable = vendorPaths.Count > 1 && firstParameter >= 0 && prefix.Count > firstParameter + 1;
        var (vendorExample, oursExample) = matched.First();
        var shift = OperationLocator.Segments(vendorExample).Take(OperationLocator.Segments(vendorExample).Count - OperationLocator.Segments(oursExample).Count).ToList();
        var family = shift.Concat(prefix).ToList();

        foreach (var theirs in vendorOperations)
        {
            string oursPath;
            if (matched.TryGetValue(theirs.Path, out var ourPath))
            {
                if (oursOperations.Any(o => o.Path == ourPath && o.Method == theirs.Method))
                {
                    continue;
                }

                oursPath = ourPath;
            }
            else if (familyUsable && OperationLocator.Segments(theirs.Path).Take(family.Count).SequenceEqual(family) && OperationLocator.Segments(theirs.Path).Count > family.Count)
            {
                oursPath = "/" + string.Join('/', theirs.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(shift.Count));
            }
            else
            {
                continue;
            }

            sink.Operation = theirs.Label;
            var at = new Location(OperationRef.PathPointer(oursPath) + "/" + theirs.Method.Method.ToLowerInvariant(), theirs.Pointer, true, false);
            sink.Add(DriftClass.NewCapability, at, matched.ContainsKey(theirs.Path)
                ? $"operation: {theirs.Method.Method.ToUpperInvariant()} on this path only in the vendor's document"
                : $"operation: {theirs.Method.Method.ToUpperInvariant()} {theirs.Path}, beside the operations of {ours.Name}, only in the vendor's document");
        }
    }
}
