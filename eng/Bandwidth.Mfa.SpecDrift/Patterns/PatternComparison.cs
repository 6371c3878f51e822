using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>How the strings two patterns accept relate.</summary>
internal enum PatternRelation
{
    /// <summary>Both accept exactly the same strings (however differently they are written).</summary>
    Same,

    /// <summary>Every string the first accepts, the second accepts too, and the second accepts more.</summary>
    FirstNarrower,

    /// <summary>Every string the second accepts, the first accepts too, and the first accepts more.</summary>
    FirstWider,

    /// <summary>Each accepts a string the other refuses.</summary>
    Overlapping,

    /// <summary>The patterns could not be compared (<see cref="PatternComparison.Reason"/> says why).</summary>
    Unknown,
}

/// <summary>
/// The relation between two patterns' languages, with a shortest example string for each side that the other refuses.
/// Inclusion is decided by walking both automata together (a subset construction on the fly) over the character ranges
/// that either can read; it stops at a bound and answers <see cref="PatternRelation.Unknown"/> past it.
/// </summary>
internal sealed record PatternComparison(PatternRelation Relation, string? OnlyFirst, string? OnlySecond, string? Reason)
{
    private const int MaxPairs = 50_000;

    /// <summary>Compares the patterns <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static PatternComparison Compare(string first, string second)
    {
        PatternAutomaton a;
        PatternAutomaton b;
        try
        {
            a = PatternAutomaton.Build(first);
            b = PatternAutomaton.Build(second);
        }
        catch (PatternNotSupportedException exception)
        {
            return new PatternComparison(PatternRelation.Unknown, null, null, exception.Message);
        }

        var onlyFirst = FindOutside(a, b, out var firstDecided);
        var onlySecond = FindOutside(b, a, out var secondDecided);
        if (!firstDecided || !secondDecided)
        {
            return new PatternComparison(PatternRelation.Unknown, onlyFirst, onlySecond, "the patterns are too complex to compare");
        }

        var relation = (onlyFirst, onlySecond) switch
        {
            (null, null) => PatternRelation.Same,
            (null, _) => PatternRelation.FirstNarrower,
            (_, null) => PatternRelation.FirstWider,
            _ => PatternRelation.Overlapping,
        };
        return new PatternComparison(relation, onlyFirst, onlySecond, null);
    }

    /// <summary>A shortest string that <paramref name="inside"/> accepts and <paramref name="outside"/> refuses, or null.</summary>
    private static string? FindOutside(PatternAutomaton inside, PatternAutomaton outside, out bool decided)
    {
        var start = (inside.Closure([inside.Start]), outside.Closure([outside.Start]));
        var seen = new HashSet<string> { Key(start.Item1, start.Item2) };
        var queue = new Queue<(int[] In, int[] Out, string Text)>();
        queue.Enqueue((start.Item1, start.Item2, string.Empty));
        while (queue.Count > 0)
        {
            var (inStates, outStates, text) = queue.Dequeue();
            if (Array.BinarySearch(inStates, inside.Accept) >= 0 && Array.BinarySearch(outStates, outside.Accept) < 0)
            {
                decided = true;
                return text;
            }

            var inMoves = inStates.SelectMany(inside.MovesFrom).ToList();
            var outMoves = outStates.SelectMany(outside.MovesFrom).ToList();
            foreach (var (lo, hi) in Pieces(inMoves, outMoves))
            {
                var nextIn = inside.Closure(inMoves.Where(m => m.Lo <= lo && hi <= m.Hi).Select(m => m.To));
                if (nextIn.Length == 0)
                {
                    continue;
                }

                var nextOut = outside.Closure(outMoves.Where(m => m.Lo <= lo && hi <= m.Hi).Select(m => m.To));
                if (seen.Add(Key(nextIn, nextOut)))
                {
                    if (seen.Count > MaxPairs)
                    {
                        decided = false;
                        return null;
                    }

                    queue.Enqueue((nextIn, nextOut, text + Pick(lo, hi)));
                }
            }
        }

        decided = true;
        return null;
    }

    /// <summary>The character ranges on which every move of both sides is either taken or not, within what the first side reads.</summary>
    private static IEnumerable<(int Lo, int Hi)> Pieces(List<(int Lo, int Hi, int To)> inMoves, List<(int Lo, int Hi, int To)> outMoves)
    {
        var cuts = new SortedSet<int>();
        foreach (var (lo, hi, _) in inMoves.Concat(outMoves))
        {
            cuts.Add(lo);
            cuts.Add(hi + 1);
        }

        var points = cuts.ToList();
        for (var i = 0; i + 1 < points.Count; i++)
        {
            var (lo, hi) = (points[i], points[i + 1] - 1);
            if (inMoves.Any(m => m.Lo <= lo && hi <= m.Hi))
            {
                yield return (lo, hi);
            }
        }
    }

    /// <summary>A readable character of the range for the example: a digit, a letter or '+' when there is one.</summary>
    private static char Pick(int lo, int hi)
    {
        foreach (var preferred in "0a+A-_. ")
        {
            if (preferred >= lo && preferred <= hi)
            {
                return preferred;
            }
        }

        var printable = Math.Max(lo, 0x21);
        return (char)(printable <= Math.Min(hi, 0x7E) ? printable : lo);
    }

    private static string Key(int[] a, int[] b) => string.Join(',', a) + "|" + string.Join(',', b);

    /// <summary>An example string as the report prints it: non-printable characters as <c>\uXXXX</c>.</summary>
    public static string Show(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (c < 0x20 || c == 0x7F || char.IsSurrogate(c) || c == '`')
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
