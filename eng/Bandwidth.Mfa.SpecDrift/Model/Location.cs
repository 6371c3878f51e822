namespace Bandwidth.Mfa.SpecDrift.Model;

/// <summary>
/// Where the comparison stands in both documents: a JSON pointer into ours and one into the vendor's. Following a
/// <c>$ref</c> moves the pointer to the referenced place; an element one side lacks keeps the pointer where it would be.
/// </summary>
internal readonly record struct Location(string Ours, string Vendor, bool OursAbsent = false, bool VendorAbsent = false)
{
    /// <summary>One level down on both sides: <c>properties</c> then <c>to</c> gives <c>.../properties/to</c>.</summary>
    public Location Child(params string[] segments) => new(Append(Ours, segments), Append(Vendor, segments), OursAbsent, VendorAbsent);

    /// <summary>The element exists in the vendor's document only.</summary>
    public Location OnlyVendor() => this with { OursAbsent = true };

    /// <summary>The element exists in ours only.</summary>
    public Location OnlyOurs() => this with { VendorAbsent = true };

    /// <summary>Escapes one JSON pointer segment (RFC 6901: <c>~</c> is <c>~0</c>, <c>/</c> is <c>~1</c>).</summary>
    public static string Escape(string segment) => segment.Replace("~", "~0", System.StringComparison.Ordinal).Replace("/", "~1", System.StringComparison.Ordinal);

    private static string Append(string pointer, string[] segments)
    {
        foreach (var segment in segments)
        {
            pointer += "/" + Escape(segment);
        }

        return pointer;
    }
}
