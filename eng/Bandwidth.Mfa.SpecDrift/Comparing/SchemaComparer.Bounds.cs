using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Patterns;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>What bounds a value: its pattern, lengths and counts, range and multipleOf.</summary>
internal sealed partial class SchemaComparer
{
    private void ComparePattern(SchemaView o, SchemaView v, Direction direction, string name)
    {
        var (ours, vendor) = (o.Pattern.Value, v.Pattern.Value);
        if (ours == vendor)
        {
            return;
        }

        var at = Place(o.Pattern, v.Pattern, o, v, "pattern");
        var what = $"{name}: pattern {Show(ours)} in ours, {Show(vendor)} in the vendor's";
        if (ours is null || vendor is null)
        {
            sink.AddIf(Rules.Classify(direction, ours is null ? Relation.OursWider : Relation.OursNarrower, checkedWhenRead: false), at, what);
            return;
        }

        var comparison = PatternComparison.Compare(ours, vendor);
        var relation = comparison.Relation switch
        {
            PatternRelation.Same => Relation.Same,
            PatternRelation.FirstNarrower => Relation.OursNarrower,
            PatternRelation.FirstWider => Relation.OursWider,
            _ => Relation.Overlapping,
        };
        var detail = comparison.Relation == PatternRelation.Unknown
            ? $" (the patterns could not be compared: {comparison.Reason}; treated as different)"
            : string.Concat(
                comparison.OnlyFirst is { } a ? $"; ours accepts `{PatternComparison.Show(a)}`, the vendor's does not" : string.Empty,
                comparison.OnlySecond is { } b ? $"; the vendor's accepts `{PatternComparison.Show(b)}`, ours does not" : string.Empty);
        sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: false), at, what + detail);
    }

    private void CompareCount(Field<int?> ours, Field<int?> vendor, SchemaView o, SchemaView v, string keyword, bool lower, Direction direction, string name)
    {
        var relation = Bound.Compare(ours.Value, vendor.Value, lower);
        sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: false), Place(ours, vendor, o, v, keyword), $"{name}: {keyword} {Show(ours.Value)} in ours, {Show(vendor.Value)} in the vendor's");
    }

    private void CompareRange(SchemaView o, SchemaView v, Direction direction, string name)
    {
        var integers = o.Type.Value == JsonSchemaType.Integer || v.Type.Value == JsonSchemaType.Integer;
        foreach (var lower in new[] { true, false })
        {
            var ours = lower ? Bound.Lower(o.Minimum.Value, o.ExclusiveMinimum.Value, integers) : Bound.Upper(o.Maximum.Value, o.ExclusiveMaximum.Value, integers);
            var vendor = lower ? Bound.Lower(v.Minimum.Value, v.ExclusiveMinimum.Value, integers) : Bound.Upper(v.Maximum.Value, v.ExclusiveMaximum.Value, integers);
            var relation = Bound.Compare(ours, vendor, lower);
            if (relation == Relation.Same)
            {
                continue;
            }

            var keyword = lower ? "minimum" : "maximum";
            var oursField = lower ? (o.Minimum.Has ? o.Minimum : o.ExclusiveMinimum) : (o.Maximum.Has ? o.Maximum : o.ExclusiveMaximum);
            var vendorField = lower ? (v.Minimum.Has ? v.Minimum : v.ExclusiveMinimum) : (v.Maximum.Has ? v.Maximum : v.ExclusiveMaximum);
            sink.AddIf(
                Rules.Classify(direction, relation, checkedWhenRead: false),
                Place(oursField, vendorField, o, v, keyword),
                $"{name}: {(lower ? "lower" : "upper")} bound {ours?.Show(lower) ?? "none"} in ours, {vendor?.Show(lower) ?? "none"} in the vendor's");
        }
    }

    private void CompareMultipleOf(SchemaView o, SchemaView v, Direction direction, string name)
    {
        var (ours, vendor) = (o.MultipleOf.Value, v.MultipleOf.Value);
        if (ours == vendor)
        {
            return;
        }

        var relation = (ours, vendor) switch
        {
            (null, _) => Relation.OursWider,
            (_, null) => Relation.OursNarrower,
            var (a, b) when a % b == 0 => Relation.OursNarrower,
            var (a, b) when b % a == 0 => Relation.OursWider,
            _ => Relation.Overlapping,
        };
        sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: false), Place(o.MultipleOf, v.MultipleOf, o, v, "multipleOf"), $"{name}: multipleOf {Show(ours?.ToString(System.Globalization.CultureInfo.InvariantCulture))} in ours, {Show(vendor?.ToString(System.Globalization.CultureInfo.InvariantCulture))} in the vendor's");
    }
}
