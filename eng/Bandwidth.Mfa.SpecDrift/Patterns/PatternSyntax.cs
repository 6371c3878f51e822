using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>A part of a parsed pattern.</summary>
internal abstract record PatternNode;

/// <summary>One character out of a set.</summary>
internal sealed record CharNode(CharSet Set) : PatternNode;

/// <summary>Parts one after the other.</summary>
internal sealed record SequenceNode(IReadOnlyList<PatternNode> Items) : PatternNode;

/// <summary>One of several parts.</summary>
internal sealed record ChoiceNode(IReadOnlyList<PatternNode> Options) : PatternNode;

/// <summary>A part repeated <see cref="Min"/> to <see cref="Max"/> times (no maximum when null).</summary>
internal sealed record RepeatNode(PatternNode Body, int Min, int? Max) : PatternNode;

/// <summary><c>^</c> or <c>$</c>, only allowed where they anchor the whole pattern.</summary>
internal sealed record AnchorNode(bool Start) : PatternNode;

/// <summary>A pattern the comparison cannot reason about (a lookaround, a back-reference, a word boundary, ...).</summary>
internal sealed class PatternNotSupportedException : Exception
{
    /// <summary>Creates the exception with what is not supported.</summary>
    public PatternNotSupportedException(string message)
        : base(message)
    {
    }
}
