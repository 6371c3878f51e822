namespace Bandwidth.Mfa.SpecDrift.Model;

/// <summary>What a difference between the vendor's document and ours means for partners (CONTRIBUTING, "Spec drift").</summary>
internal enum DriftClass
{
    /// <summary>A call we make would be refused, or an answer the vendor may send would not be read.</summary>
    Incompatible,

    /// <summary>The vendor offers something our document does not expose.</summary>
    NewCapability,

    /// <summary>We refuse something the vendor accepts, or promise partners something the vendor no longer does.</summary>
    OursStricter,

    /// <summary>We offer or accept something the vendor does not back (nothing is refused because of it).</summary>
    OursLooser,

    /// <summary>A semantic difference with no effect on what goes over the wire.</summary>
    Neutral,
}

/// <summary>Which way a compared element travels.</summary>
internal enum Direction
{
    /// <summary>We send it and the vendor receives it: the vendor's rules decide what is refused.</summary>
    Request,

    /// <summary>The vendor sends it and our client reads it.</summary>
    Response,
}
