using System;
using System.Globalization;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>One end of a range: a value and whether the value itself is excluded.</summary>
internal readonly record struct Bound(decimal Value, bool Exclusive)
{
    /// <summary>The tighter lower bound of <c>minimum</c> and <c>exclusiveMinimum</c> (OpenAPI 3.0's boolean form is already folded in by the reader).</summary>
    public static Bound? Lower(string? minimum, string? exclusiveMinimum, bool integersOnly) =>
        Tighter(Parse(minimum, false, integersOnly, lower: true), Parse(exclusiveMinimum, true, integersOnly, lower: true), lower: true);

    /// <summary>The tighter upper bound of <c>maximum</c> and <c>exclusiveMaximum</c>.</summary>
    public static Bound? Upper(string? maximum, string? exclusiveMaximum, bool integersOnly) =>
        Tighter(Parse(maximum, false, integersOnly, lower: false), Parse(exclusiveMaximum, true, integersOnly, lower: false), lower: false);

    /// <summary>How two lower bounds (or, with <paramref name="lower"/> false, two upper bounds) relate; no bound allows everything.</summary>
    public static Relation Compare(Bound? ours, Bound? vendor, bool lower)
    {
        if (ours is null && vendor is null)
        {
            return Relation.Same;
        }

        if (ours is null)
        {
            return Relation.OursWider;
        }

        if (vendor is null)
        {
            return Relation.OursNarrower;
        }

        var (o, v) = (ours.Value, vendor.Value);
        if (o == v)
        {
            return Relation.Same;
        }

        // A larger lower bound (or a smaller upper bound) allows fewer values; at the same value, excluding it allows fewer.
        var oursTighter = o.Value != v.Value ? (lower ? o.Value > v.Value : o.Value < v.Value) : o.Exclusive;
        return oursTighter ? Relation.OursNarrower : Relation.OursWider;
    }

    /// <summary>The relation of two optional counts used as a lower bound (<c>minLength</c>) or an upper bound (<c>maxLength</c>).</summary>
    public static Relation Compare(int? ours, int? vendor, bool lower) =>
        Compare(ours is null ? null : new Bound(ours.Value, false), vendor is null ? null : new Bound(vendor.Value, false), lower);

    /// <summary>As the report prints it: <c>&gt;= 4</c>, <c>&lt; 15</c>.</summary>
    public string Show(bool lower) => (lower ? (Exclusive ? "> " : ">= ") : (Exclusive ? "< " : "<= ")) + Value.ToString(CultureInfo.InvariantCulture);

    private static Bound? Parse(string? text, bool exclusive, bool integersOnly, bool lower)
    {
        if (text is null || !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        if (!integersOnly)
        {
            return new Bound(value, exclusive);
        }

        // For integers, "> 3" is ">= 4" and ">= 3.5" is ">= 4": written the same way, they compare the same.
        if (lower)
        {
            var inclusive = exclusive && value == Math.Floor(value) ? value + 1 : Math.Ceiling(value);
            return new Bound(inclusive, false);
        }

        var upper = exclusive && value == Math.Ceiling(value) ? value - 1 : Math.Floor(value);
        return new Bound(upper, false);
    }

    private static Bound? Tighter(Bound? a, Bound? b, bool lower) =>
        a is null ? b : b is null ? a : Compare(a, b, lower) == Relation.OursNarrower ? a : b;
}
