using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Patterns;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>
/// Compares two schemas rule by rule, in the direction their values travel, and records what differs with
/// <see cref="Rules"/>. Descriptions, titles and examples are never read. A pair already compared (cycles, a schema
/// reached twice) is skipped: its differences would be the same lines.
/// </summary>
internal sealed class SchemaComparer(DriftSink sink, string oursName, string vendorName)
{
    private readonly HashSet<(string, string, Direction)> compared = [];

    /// <summary>Forgets the pairs compared so far: each operation reaches its schemas itself, so that every difference names it.</summary>
    public void StartOperation() => compared.Clear();

    /// <summary>Compares <paramref name="ours"/> with <paramref name="vendor"/> at <paramref name="at"/>; <paramref name="subject"/> names the value in messages (<c>`to`</c>).</summary>
    public void Compare(IOpenApiSchema? ours, IOpenApiSchema? vendor, Location at, Direction direction, string subject)
    {
        if (ours is null && vendor is null)
        {
            return;
        }

        var (oursPointer, vendorPointer) = (at.Ours, at.Vendor);
        if (ours is not null)
        {
            ours = Refs.Follow(ours, ref oursPointer, oursName);
        }

        if (vendor is not null)
        {
            vendor = Refs.Follow(vendor, ref vendorPointer, vendorName);
        }

        at = at with { Ours = oursPointer, Vendor = vendorPointer };
        if (ours is null || vendor is null)
        {
            var relation = ours is null ? Relation.OursWider : Relation.OursNarrower;
            sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: true), ours is null ? at.OnlyVendor() : at.OnlyOurs(), $"{Name(direction, subject)}: only {(ours is null ? "the vendor's document" : "ours")} gives it a schema");
            return;
        }

        if (!compared.Add((at.Ours, at.Vendor, direction)))
        {
            return;
        }

        var o = SchemaView.Of(ours, at.Ours, oursName);
        var v = SchemaView.Of(vendor, at.Vendor, vendorName);
        var name = Name(direction, subject);
        CompareType(o, v, direction, name);
        CompareFormat(o, v, direction, name);
        ComparePattern(o, v, direction, name);
        CompareCount(o.MinLength, v.MinLength, o, v, "minLength", lower: true, direction, name);
        CompareCount(o.MaxLength, v.MaxLength, o, v, "maxLength", lower: false, direction, name);
        CompareRange(o, v, direction, name);
        CompareMultipleOf(o, v, direction, name);
        CompareEnum(o, v, direction, name);
        CompareNeutral(o, v, name);
        if (o.Items.Has || v.Items.Has)
        {
            Compare(o.Items.Value, v.Items.Value, Place(o.Items, v.Items, o, v, "items"), direction, subject + "[]");
        }

        CompareCount(o.MinItems, v.MinItems, o, v, "minItems", lower: true, direction, name);
        CompareCount(o.MaxItems, v.MaxItems, o, v, "maxItems", lower: false, direction, name);
        if (o.UniqueItems.Value != v.UniqueItems.Value)
        {
            var relation = o.UniqueItems.Value ? Relation.OursNarrower : Relation.OursWider;
            sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: false), Place(o.UniqueItems, v.UniqueItems, o, v, "uniqueItems"), $"{name}: only {(o.UniqueItems.Value ? "ours" : "the vendor's")} requires unique items");
        }

        CompareObject(o, v, direction, subject);
        CompareAlternatives(o.OneOf, v.OneOf, at, "oneOf", direction, subject);
        CompareAlternatives(o.AnyOf, v.AnyOf, at, "anyOf", direction, subject);
        CompareUnsupported(o, v, name);
    }

    private static string Name(Direction direction, string subject) =>
        subject.Length == 0 ? $"{Rules.Noun(direction)} body" : $"{Rules.Noun(direction)} `{subject}`";

    private static string Child(string subject, string property) => subject.Length == 0 ? property : subject + "." + property;

    /// <summary>Where a keyword is in each document; the side without it points where it would be.</summary>
    private static Location Place<T>(Field<T> ours, Field<T> vendor, SchemaView o, SchemaView v, string keyword) =>
        new(ours.Has ? ours.Pointer : o.Pointer + "/" + keyword, vendor.Has ? vendor.Pointer : v.Pointer + "/" + keyword, !ours.Has, !vendor.Has);

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

    private void CompareEnum(SchemaView o, SchemaView v, Direction direction, string name)
    {
        var ours = Values(o);
        var vendor = Values(v);
        var at = Place(o.Enum.Has ? o.Enum : Field(o.Const), v.Enum.Has ? v.Enum : Field(v.Const), o, v, "enum");
        if (ours is null && vendor is null)
        {
            return;
        }

        if (ours is null || vendor is null)
        {
            var relation = ours is null ? Relation.OursWider : Relation.OursNarrower;
            sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: true), at, $"{name}: only {(ours is null ? "the vendor's" : "ours")} lists the allowed values ({string.Join(", ", (ours ?? vendor)!)})");
            return;
        }

        var onlyOurs = ours.Except(vendor, StringComparer.Ordinal).ToList();
        var onlyVendor = vendor.Except(ours, StringComparer.Ordinal).ToList();
        if (onlyVendor.Count > 0)
        {
            // A value only the vendor accepts is a new option on a request; on an answer the client cannot read it.
            var driftClass = direction == Direction.Request ? DriftClass.NewCapability : DriftClass.Incompatible;
            sink.Add(driftClass, at, $"{name}: the vendor's allows {string.Join(", ", onlyVendor)}, ours does not");
        }

        if (onlyOurs.Count > 0)
        {
            sink.AddIf(Rules.Classify(direction, Relation.OursWider, checkedWhenRead: true), at, $"{name}: ours allows {string.Join(", ", onlyOurs)}, the vendor's does not");
        }
    }

    private static Field<IList<JsonNode>?> Field(Field<JsonNode?> constant) => new(null, constant.Pointer, constant.Has);

    private static List<string>? Values(SchemaView view) =>
        view.Enum.Has ? view.Enum.Value!.Select(Canonical).Order(StringComparer.Ordinal).ToList()
        : view.Const.Has ? [Canonical(view.Const.Value)]
        : null;

    private static string Canonical(JsonNode? node) => "`" + (node?.ToJsonString() ?? "null") + "`";

    private void CompareNeutral(SchemaView o, SchemaView v, string name)
    {
        var (oursDefault, vendorDefault) = (o.Default.Has ? Canonical(o.Default.Value) : null, v.Default.Has ? Canonical(v.Default.Value) : null);
        if (oursDefault != vendorDefault)
        {
            sink.Add(DriftClass.Neutral, Place(o.Default, v.Default, o, v, "default"), $"{name}: default {oursDefault ?? "none"} in ours, {vendorDefault ?? "none"} in the vendor's");
        }

        foreach (var (keyword, ours, vendor) in new[] { ("deprecated", o.Deprecated, v.Deprecated), ("readOnly", o.ReadOnly, v.ReadOnly), ("writeOnly", o.WriteOnly, v.WriteOnly) })
        {
            if (ours.Value != vendor.Value)
            {
                sink.Add(DriftClass.Neutral, Place(ours, vendor, o, v, keyword), $"{name}: {keyword} only in {(ours.Value ? "ours" : "the vendor's")}");
            }
        }
    }

    private void CompareObject(SchemaView o, SchemaView v, Direction direction, string subject)
    {
        var names = o.Properties.Keys.Concat(v.Properties.Keys).Concat(o.Required.Keys).Concat(v.Required.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var property in names)
        {
            var inOurs = o.Properties.TryGetValue(property, out var oursProperty) | o.Required.ContainsKey(property);
            var inVendor = v.Properties.TryGetValue(property, out var vendorProperty) | v.Required.ContainsKey(property);
            var oursRequired = o.Required.ContainsKey(property);
            var vendorRequired = v.Required.ContainsKey(property);
            var at = new Location(
                oursProperty.Pointer ?? o.Pointer + "/properties/" + Location.Escape(property),
                vendorProperty.Pointer ?? v.Pointer + "/properties/" + Location.Escape(property),
                !inOurs,
                !inVendor);
            var name = Name(direction, Child(subject, property));
            if (!inOurs)
            {
                // Request: a new optional field is a new capability, a new required one refuses our calls. Answer: new data.
                var driftClass = direction == Direction.Request && vendorRequired ? DriftClass.Incompatible : DriftClass.NewCapability;
                sink.Add(driftClass, at, $"{name}: only the vendor's document has it ({(vendorRequired ? "required" : "optional")})");
                continue;
            }

            if (!inVendor)
            {
                var driftClass = direction == Direction.Request
                    ? (v.AdditionalAllowed.Value ? DriftClass.OursLooser : DriftClass.Incompatible)
                    : (oursRequired ? DriftClass.Incompatible : DriftClass.OursLooser);
                var why = direction == Direction.Request
                    ? (v.AdditionalAllowed.Value ? "; the vendor's schema still lets it through, where it means nothing documented" : "; the vendor's schema refuses fields it does not list")
                    : (oursRequired ? "; ours requires it, so an answer without it cannot be read" : "; the vendor no longer documents sending it");
                sink.Add(driftClass, at, $"{name}: only ours has it ({(oursRequired ? "required" : "optional")}){why}");
                continue;
            }

            if (oursRequired != vendorRequired)
            {
                // Required on our side only: ours allows fewer values (every one carries the field).
                var relation = oursRequired ? Relation.OursNarrower : Relation.OursWider;
                sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: true), at, $"{name}: required only in {(oursRequired ? "ours" : "the vendor's")}");
            }

            if (oursProperty.Schema is not null || vendorProperty.Schema is not null)
            {
                Compare(oursProperty.Schema, vendorProperty.Schema, at with { OursAbsent = false, VendorAbsent = false }, direction, Child(subject, property));
            }
        }

        CompareAdditional(o, v, direction, subject);
    }

    private void CompareAdditional(SchemaView o, SchemaView v, Direction direction, string subject)
    {
        var name = Name(direction, subject);
        var at = Place(o.AdditionalAllowed.Has ? o.AdditionalAllowed : o.AdditionalSchema.Has ? Cast(o.AdditionalSchema) : o.AdditionalAllowed,
            v.AdditionalAllowed.Has ? v.AdditionalAllowed : v.AdditionalSchema.Has ? Cast(v.AdditionalSchema) : v.AdditionalAllowed, o, v, "additionalProperties");
        if (o.AdditionalAllowed.Value != v.AdditionalAllowed.Value)
        {
            var relation = o.AdditionalAllowed.Value ? Relation.OursWider : Relation.OursNarrower;
            sink.AddIf(Rules.Classify(direction, relation, checkedWhenRead: false), at, $"{name}: fields it does not list are refused by {(o.AdditionalAllowed.Value ? "the vendor's" : "ours")} only (additionalProperties: false)");
            return;
        }

        if (o.AdditionalAllowed.Value && (o.AdditionalSchema.Has || v.AdditionalSchema.Has))
        {
            Compare(o.AdditionalSchema.Value, v.AdditionalSchema.Value, at with { OursAbsent = !o.AdditionalSchema.Has, VendorAbsent = !v.AdditionalSchema.Has }, direction, Child(subject, "*"));
        }
    }

    private static Field<bool> Cast(Field<IOpenApiSchema?> field) => new(true, field.Pointer, field.Has);

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

    private static string Show(object? value) => value is null ? "none" : $"`{value}`";
}
