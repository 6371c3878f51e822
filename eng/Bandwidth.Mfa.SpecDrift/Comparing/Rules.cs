using Bandwidth.Mfa.SpecDrift.Model;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>How the values one rule allows in our document relate to those the vendor's allows.</summary>
internal enum Relation
{
    /// <summary>The same values.</summary>
    Same,

    /// <summary>Ours allows fewer values (every value ours allows, the vendor's allows).</summary>
    OursNarrower,

    /// <summary>Ours allows more values (every value the vendor's allows, ours allows).</summary>
    OursWider,

    /// <summary>Each allows a value the other does not, or the two cannot be compared.</summary>
    Overlapping,
}

/// <summary>
/// The classification rules of CONTRIBUTING ("Spec drift"), in one place. A request is what we send and the vendor
/// judges: if ours allows a value the vendor's refuses, a call we make can be refused. An answer is what the vendor
/// sends and our client reads: if the vendor's allows a value ours does not, an answer may not be read, but only for
/// the rules the client checks while reading (types, null, required, enums, formats); the other rules of an answer
/// (pattern, lengths, ranges, additional properties) are promises our document makes to partners, so the vendor
/// loosening one makes ours stricter, not incompatible.
/// </summary>
internal static class Rules
{
    /// <summary>The class of a difference in one rule, or null when there is none.</summary>
    /// <param name="direction">Which way the value travels.</param>
    /// <param name="relation">How ours relates to the vendor's.</param>
    /// <param name="checkedWhenRead">Whether the client enforces this rule when it reads an answer.</param>
    public static DriftClass? Classify(Direction direction, Relation relation, bool checkedWhenRead) => (direction, relation) switch
    {
        (_, Relation.Same) => null,
        (Direction.Request, Relation.OursNarrower) => DriftClass.OursStricter,
        (Direction.Request, _) => DriftClass.Incompatible,
        (Direction.Response, Relation.OursWider) => DriftClass.OursLooser,
        _ => checkedWhenRead ? DriftClass.Incompatible : DriftClass.OursStricter,
    };

    /// <summary>The relation of two value sets given which side contains the other.</summary>
    public static Relation FromInclusion(bool oursWithinVendor, bool vendorWithinOurs) => (oursWithinVendor, vendorWithinOurs) switch
    {
        (true, true) => Relation.Same,
        (true, false) => Relation.OursNarrower,
        (false, true) => Relation.OursWider,
        _ => Relation.Overlapping,
    };

    /// <summary>"request" or "answer", for messages.</summary>
    public static string Noun(Direction direction) => direction == Direction.Request ? "request" : "answer";
}
