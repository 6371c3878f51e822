using System;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>The properties of an object, required or not, and what it says of the others (additionalProperties).</summary>
internal sealed partial class SchemaComparer
{
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
}
