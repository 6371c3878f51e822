using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.SpecDrift.Model;

/// <summary>
/// One difference: its class, what changed in words, and where it is in each document as a JSON pointer (the place
/// itself, after following any <c>$ref</c>, so that it can be looked up; a place that one document lacks is the
/// pointer where it would be). <see cref="Operations"/> names every MFA operation it affects.
/// </summary>
internal sealed record Difference(DriftClass Class, string What, string OursPointer, string VendorPointer, bool OursAbsent, bool VendorAbsent)
{
    /// <summary>The operations that reach this difference, as <c>POST /accounts/{accountId}/code/voice</c>.</summary>
    public SortedSet<string> Operations { get; } = new(StringComparer.Ordinal);

    /// <summary>The same difference reached from another operation is one line of the report.</summary>
    public (DriftClass, string, string, string) Key => (Class, What, OursPointer, VendorPointer);
}
