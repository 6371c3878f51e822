using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Bandwidth.Mfa.SpecDrift.Model;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>The values a schema lists (enum, const), its default and its neutral flags.</summary>
internal sealed partial class SchemaComparer
{
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
}
