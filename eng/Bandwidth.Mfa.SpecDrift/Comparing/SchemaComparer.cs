using System.Collections.Generic;
using Bandwidth.Mfa.SpecDrift.Model;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>
/// Compares two schemas rule by rule, in the direction their values travel, and records what differs with
/// <see cref="Rules"/>. Descriptions, titles and examples are never read. A pair already compared (cycles, a schema
/// reached twice) is skipped: its differences would be the same lines.
/// </summary>
internal sealed partial class SchemaComparer(DriftSink sink, string oursName, string vendorName)
{
    private readonly HashSet<(string, string, Direction)> _compared = [];

    /// <summary>Forgets the pairs compared so far: each operation reaches its schemas itself, so that every difference names it.</summary>
    public void StartOperation() => _compared.Clear();

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

        if (!_compared.Add((at.Ours, at.Vendor, direction)))
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

    private static string Show(object? value) => value is null ? "none" : $"`{value}`";
}
