using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;

namespace Bandwidth.Mfa.ContractTests.Support;

/// <summary>One finding of Prism's validator, read from its <c>sl-violations</c> response header.</summary>
public sealed record PrismViolation(string Location, string Severity, string Code, string Message)
{
    public const string HeaderName = "sl-violations";

    /// <summary>The violations in a response; empty when Prism found nothing wrong (it then sends no header).</summary>
    public static IReadOnlyList<PrismViolation> From(HttpResponseMessage response) =>
        response.Headers.TryGetValues(HeaderName, out var values) ? Parse(values) : Array.Empty<PrismViolation>();

    /// <summary>The violations in a header dictionary, as <see cref="MfaResponse{TResult}.Headers"/> and <see cref="MfaApiException.Headers"/> hold them.</summary>
    public static IReadOnlyList<PrismViolation> From(IReadOnlyDictionary<string, IEnumerable<string>> headers) =>
        headers.Where(h => string.Equals(h.Key, HeaderName, StringComparison.OrdinalIgnoreCase)).SelectMany(h => Parse(h.Value)).ToList();

    public override string ToString() => $"{Severity} {Code} at {Location}: {Message}";

    private static IReadOnlyList<PrismViolation> Parse(IEnumerable<string> values)
    {
        var found = new List<PrismViolation>();
        foreach (var value in values)
        {
            using var json = JsonDocument.Parse(value);
            foreach (var item in json.RootElement.EnumerateArray())
            {
                var location = item.TryGetProperty("location", out var path) && path.ValueKind == JsonValueKind.Array
                    ? string.Join(".", path.EnumerateArray().Select(p => p.ToString()))
                    : string.Empty;
                found.Add(new PrismViolation(
                    location,
                    item.TryGetProperty("severity", out var severity) ? severity.ToString() : string.Empty,
                    item.TryGetProperty("code", out var code) ? code.ToString() : string.Empty,
                    item.TryGetProperty("message", out var message) ? message.ToString() : string.Empty));
            }
        }

        return found;
    }
}
