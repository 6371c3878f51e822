using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using Bandwidth.Mfa.SpecDrift.Reading;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>An operation: its path template, method, path item and the operation itself.</summary>
internal sealed record OperationRef(string Path, HttpMethod Method, IOpenApiPathItem Item, OpenApiOperation Operation)
{
    /// <summary>As the report names it: <c>POST /accounts/{accountId}/code/voice</c>.</summary>
    public string Label => $"{Method.Method.ToUpperInvariant()} {Path}";

    /// <summary>The pointer of the operation in its document.</summary>
    public string Pointer => PathPointer(Path) + "/" + Method.Method.ToLowerInvariant();

    /// <summary>The pointer of a path item.</summary>
    public static string PathPointer(string path) => "#/paths/" + Model.Location.Escape(path);
}

/// <summary>
/// Finds our operations in the vendor's document by path and method, never by operation id or tag. A vendor path
/// matches one of ours when its segments end with ours, path parameters compared by position (their names are not
/// on the wire): so a document that moves the base path from its server URL into its paths
/// (<c>https://mfa.bandwidth.com</c> + <c>/api/v1/accounts/{id}/code/voice</c>) still matches, and the server
/// comparison then checks that the whole address is the same. Among several matches the exact path wins, then the one
/// whose whole address is ours; more than that is ambiguous and stops the run.
/// </summary>
internal static class OperationLocator
{
    /// <summary>Every operation of a document, in path then method order.</summary>
    public static IReadOnlyList<OperationRef> All(OpenApiDocument document) =>
        (document.Paths ?? [])
        .SelectMany(path => (path.Value.Operations ?? []).Select(op => new OperationRef(path.Key, op.Key, path.Value, op.Value)))
        .ToList();

    /// <summary>The vendor path that carries our path <paramref name="ourPath"/>, or null when the vendor has none.</summary>
    /// <exception cref="SpecReadException">Several vendor paths match and none is preferred.</exception>
    public static string? FindPath(string ourPath, SpecDocument vendor, Func<string, IReadOnlyList<string>> vendorAddresses, string ourAddress)
    {
        var ours = Segments(ourPath);
        var candidates = (vendor.Document.Paths ?? []).Keys.Where(path => EndsWith(Segments(path), ours)).ToList();
        if (candidates.Count <= 1)
        {
            return candidates.SingleOrDefault();
        }

        var exact = candidates.Where(path => Segments(path).SequenceEqual(ours)).ToList();
        if (exact.Count == 1)
        {
            return exact[0];
        }

        var sameAddress = candidates.Where(path => vendorAddresses(path).Contains(ourAddress, StringComparer.Ordinal)).ToList();
        if (sameAddress.Count == 1)
        {
            return sameAddress[0];
        }

        throw new SpecReadException($"{vendor.Name}: cannot be used: several paths end like {ourPath} ({string.Join(", ", candidates)}), and none of them is served at ours.");
    }

    /// <summary>The segments of a path template, each parameter written <c>{}</c>.</summary>
    public static IReadOnlyList<string> Segments(string path) => path
        .Split('/', StringSplitOptions.RemoveEmptyEntries)
        .Select(segment => segment.StartsWith('{') && segment.EndsWith('}') ? "{}" : segment)
        .ToList();

    /// <summary>The segments all our paths start with (<c>accounts/{}/code</c> for the MFA operations).</summary>
    public static IReadOnlyList<string> CommonPrefix(IEnumerable<string> paths)
    {
        IReadOnlyList<string>? prefix = null;
        foreach (var segments in paths.Select(Segments))
        {
            prefix = prefix is null ? segments : prefix.Zip(segments).TakeWhile(pair => pair.First == pair.Second).Select(pair => pair.First).ToList();
        }

        return prefix ?? [];
    }

    /// <summary>Whether <paramref name="path"/> ends with <paramref name="suffix"/>.</summary>
    public static bool EndsWith(IReadOnlyList<string> path, IReadOnlyList<string> suffix) =>
        path.Count >= suffix.Count && path.Skip(path.Count - suffix.Count).SequenceEqual(suffix);
}
