using System;
using System.Collections.Generic;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>
/// Collects the differences of one comparison. The same difference reached from several operations (a schema both
/// sends share, a security scheme) is kept once, with every operation that reaches it.
/// </summary>
internal sealed class DriftSink
{
    private readonly Dictionary<(DriftClass, string, string, string), Difference> _differences = [];

    /// <summary>The operation being compared, as <c>POST /accounts/{accountId}/code/voice</c>.</summary>
    public string Operation { get; set; } = string.Empty;

    /// <summary>How many differences were recorded (a trial comparison asks whether there were any).</summary>
    public int Count => _differences.Count;

    /// <summary>Records a difference at <paramref name="at"/>.</summary>
    public void Add(DriftClass driftClass, Location at, string what)
    {
        var difference = new Difference(driftClass, what, at.Ours, at.Vendor, at.OursAbsent, at.VendorAbsent);
        if (!_differences.TryGetValue(difference.Key, out var existing))
        {
            _differences.Add(difference.Key, existing = difference);
        }

        if (Operation.Length > 0)
        {
            existing.Operations.Add(Operation);
        }
    }

    /// <summary>Records a difference when <paramref name="driftClass"/> is not null (the rule found one).</summary>
    public void AddIf(DriftClass? driftClass, Location at, string what)
    {
        if (driftClass is { } found)
        {
            Add(found, at, what);
        }
    }

    /// <summary>The differences, most serious class first, then by place in our document.</summary>
    public IReadOnlyList<Difference> Sorted() => _differences.Values
        .OrderBy(d => d.Class)
        .ThenBy(d => d.OursPointer, StringComparer.Ordinal)
        .ThenBy(d => d.VendorPointer, StringComparer.Ordinal)
        .ThenBy(d => d.What, StringComparer.Ordinal)
        .ToList();
}
