using System;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>The type of a value (with null) and its format.</summary>
internal sealed partial class SchemaComparer
{
    private void CompareType(SchemaView o, SchemaView v, Direction direction, string name)
    {
        var oursType = o.Type.Value & ~JsonSchemaType.Null;
        var vendorType = v.Type.Value & ~JsonSchemaType.Null;
        var relation = Rules.FromInclusion(Within(oursType, vendorType), Within(vendorType, oursType));
        sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: true), Place(o.Type, v.Type, o, v, "type"), $"{name}: type {TypeText(oursType)} in ours, {TypeText(vendorType)} in the vendor's");

        var oursNull = o.Type.Value?.HasFlag(JsonSchemaType.Null) ?? false;
        var vendorNull = v.Type.Value?.HasFlag(JsonSchemaType.Null) ?? false;
        if (oursNull != vendorNull)
        {
            sink.AddIf(Rules.Classify(direction, oursNull ? Relation.OursWider : Relation.OursNarrower, checkedWhenRead: true), Place(o.Type, v.Type, o, v, "type"), $"{name}: null is allowed only in {(oursNull ? "ours" : "the vendor's")} (nullable)");
        }
    }

    /// <summary>Whether every value of type <paramref name="inner"/> is of type <paramref name="outer"/> (no type: any; an integer is a number).</summary>
    private static bool Within(JsonSchemaType? inner, JsonSchemaType? outer)
    {
        if (outer is null or 0)
        {
            return true;
        }

        if (inner is null or 0)
        {
            return false;
        }

        foreach (var flag in Enum.GetValues<JsonSchemaType>())
        {
            if (flag != JsonSchemaType.Null && inner.Value.HasFlag(flag) && !outer.Value.HasFlag(flag) && !(flag == JsonSchemaType.Integer && outer.Value.HasFlag(JsonSchemaType.Number)))
            {
                return false;
            }
        }

        return true;
    }

    private static string TypeText(JsonSchemaType? type) => type is null or 0
        ? "any"
        : "`" + string.Join(" or ", Enum.GetValues<JsonSchemaType>().Where(f => f != JsonSchemaType.Null && type.Value.HasFlag(f)).Select(f => f.ToString().ToLowerInvariant())) + "`";

    private void CompareFormat(SchemaView o, SchemaView v, Direction direction, string name)
    {
        var (ours, vendor) = (o.Format.Value, v.Format.Value);
        if (string.Equals(ours, vendor, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var at = Place(o.Format, v.Format, o, v, "format");
        var what = $"{name}: format {Show(ours)} in ours, {Show(vendor)} in the vendor's";
        if (FormatChangesNothing(ours ?? vendor!, o, v) && (ours is null || vendor is null))
        {
            sink.Add(DriftClass.Neutral, at, what + " (it allows the same values here)");
            return;
        }

        var relation = (ours?.ToLowerInvariant(), vendor?.ToLowerInvariant()) switch
        {
            (null, _) => Relation.OursWider,
            (_, null) => Relation.OursNarrower,
            ("int32", "int64") or ("float", "double") => Relation.OursNarrower,
            ("int64", "int32") or ("double", "float") => Relation.OursWider,
            _ => Relation.Overlapping,
        };
        sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: true), at, what);
    }

    /// <summary>
    /// A format that narrows nothing: <c>double</c> on a number (every JSON number is read as one), or an integer format
    /// when both documents bound the value within it.
    /// </summary>
    private static bool FormatChangesNothing(string format, SchemaView o, SchemaView v)
    {
        switch (format.ToLowerInvariant())
        {
            case "double":
                return true;
            case "int32" or "int64":
                var (min, max) = format == "int32" ? ((decimal)int.MinValue, (decimal)int.MaxValue) : (long.MinValue, long.MaxValue);
                return new[] { o, v }.All(s =>
                    Bound.Lower(s.Minimum.Value, s.ExclusiveMinimum.Value, true) is { } low && low.Value >= min &&
                    Bound.Upper(s.Maximum.Value, s.ExclusiveMaximum.Value, true) is { } high && high.Value <= max);
            default:
                return false;
        }
    }
}
