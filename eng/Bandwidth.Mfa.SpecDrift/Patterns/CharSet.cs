using System;
using System.Collections.Generic;
using System.Linq;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>A set of UTF-16 code units as sorted, non-overlapping, non-adjacent inclusive ranges.</summary>
internal sealed class CharSet
{
    /// <summary>The highest code unit.</summary>
    public const int Max = 0xFFFF;

    private CharSet(IReadOnlyList<(int Lo, int Hi)> ranges) => Ranges = ranges;

    /// <summary>The ranges, ascending.</summary>
    public IReadOnlyList<(int Lo, int Hi)> Ranges { get; }

    /// <summary>Every code unit.</summary>
    public static CharSet Any { get; } = new([(0, Max)]);

    /// <summary><c>\d</c>.</summary>
    public static CharSet Digit { get; } = Of(('0', '9'));

    /// <summary><c>\w</c>.</summary>
    public static CharSet Word { get; } = Of(('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z'));

    /// <summary><c>\s</c> as ECMA-262 defines it (white space and line terminators).</summary>
    public static CharSet Space { get; } = Of(
        ('\t', '\r'), (' ', ' '), ('\u00A0', '\u00A0'), ('\u1680', '\u1680'), ('\u2000', '\u200A'),
        ('\u2028', '\u2029'), ('\u202F', '\u202F'), ('\u205F', '\u205F'), ('\u3000', '\u3000'), ('\uFEFF', '\uFEFF'));

    /// <summary>What <c>.</c> matches: everything but the line terminators.</summary>
    public static CharSet Dot { get; } = Of(('\n', '\n'), ('\r', '\r'), ('\u2028', '\u2029')).Complement();

    /// <summary>A set of the given inclusive ranges, in any order, overlapping or not.</summary>
    public static CharSet Of(params (int Lo, int Hi)[] ranges)
    {
        var sorted = ranges.Where(r => r.Lo <= r.Hi).OrderBy(r => r.Lo).ToList();
        var merged = new List<(int Lo, int Hi)>();
        foreach (var (lo, hi) in sorted)
        {
            if (merged.Count > 0 && lo <= merged[^1].Hi + 1)
            {
                merged[^1] = (merged[^1].Lo, Math.Max(merged[^1].Hi, hi));
            }
            else
            {
                merged.Add((lo, hi));
            }
        }

        return new CharSet(merged);
    }

    /// <summary>The union of several sets.</summary>
    public static CharSet Union(IEnumerable<CharSet> sets) => Of(sets.SelectMany(s => s.Ranges).ToArray());

    /// <summary>Every code unit not in this set.</summary>
    public CharSet Complement()
    {
        var result = new List<(int Lo, int Hi)>();
        var next = 0;
        foreach (var (lo, hi) in Ranges)
        {
            if (lo > next)
            {
                result.Add((next, lo - 1));
            }

            next = hi + 1;
        }

        if (next <= Max)
        {
            result.Add((next, Max));
        }

        return new CharSet(result);
    }

    /// <summary>Whether <paramref name="c"/> is in the set.</summary>
    public bool Contains(int c)
    {
        foreach (var (lo, hi) in Ranges)
        {
            if (c >= lo && c <= hi)
            {
                return true;
            }
        }

        return false;
    }
}
