using System;
using System.Collections.Generic;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>Alternatives (oneOf, anyOf) paired by sameness, and the keywords this tool does not reason about.</summary>
internal sealed partial class SchemaComparer
{
    private void CompareAlternatives(List<(IOpenApiSchema Schema, string Pointer)> ours, List<(IOpenApiSchema Schema, string Pointer)> vendor, Location at, string keyword, Direction direction, string subject)
    {
        if (ours.Count == 0 && vendor.Count == 0)
        {
            return;
        }

        var name = Name(direction, subject);
        var leftOurs = ours.ToList();
        var leftVendor = vendor.ToList();
        foreach (var candidate in ours)
        {
            var match = leftVendor.FindIndex(other => Same(candidate, other, direction));
            if (match >= 0)
            {
                leftOurs.Remove(candidate);
                leftVendor.RemoveAt(match);
            }
        }

        if (leftOurs.Count == 1 && leftVendor.Count == 1)
        {
            Compare(leftOurs[0].Schema, leftVendor[0].Schema, new Location(leftOurs[0].Pointer, leftVendor[0].Pointer), direction, subject);
            return;
        }

        foreach (var (_, pointer) in leftOurs)
        {
            sink.AddIf(Rules.Classify(direction, Relation.OursWider, checkedWhenRead: true), new Location(pointer, at.Vendor + "/" + keyword, false, true), $"{name}: a {keyword} alternative only ours has");
        }

        foreach (var (_, pointer) in leftVendor)
        {
            var driftClass = direction == Direction.Request ? DriftClass.NewCapability : DriftClass.Incompatible;
            sink.Add(driftClass, new Location(at.Ours + "/" + keyword, pointer, true, false), $"{name}: a {keyword} alternative only the vendor's has");
        }
    }

    private bool Same((IOpenApiSchema Schema, string Pointer) ours, (IOpenApiSchema Schema, string Pointer) vendor, Direction direction)
    {
        var trial = new DriftSink();
        new SchemaComparer(trial, oursName, vendorName).Compare(ours.Schema, vendor.Schema, new Location(ours.Pointer, vendor.Pointer), direction, string.Empty);
        return trial.Count == 0;
    }

    private void CompareUnsupported(SchemaView o, SchemaView v, string name)
    {
        foreach (var keyword in o.Unsupported.Select(u => u.Keyword).Concat(v.Unsupported.Select(u => u.Keyword)).Distinct(StringComparer.Ordinal))
        {
            var ours = o.Unsupported.FirstOrDefault(u => u.Keyword == keyword);
            var vendor = v.Unsupported.FirstOrDefault(u => u.Keyword == keyword);
            if (ours.Text != vendor.Text)
            {
                var at = new Location(ours.Pointer ?? o.Pointer + "/" + keyword, vendor.Pointer ?? v.Pointer + "/" + keyword, ours.Text is null, vendor.Text is null);
                sink.Add(DriftClass.Incompatible, at, $"{name}: `{keyword}` differs, and this tool does not reason about it: review it by hand");
            }
        }
    }
}
