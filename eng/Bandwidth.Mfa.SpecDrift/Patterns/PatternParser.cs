using System;
using System.Collections.Generic;
using System.Globalization;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>
/// Parses the regular expressions that JSON Schema's <c>pattern</c> uses (ECMA-262, no flags) into
/// <see cref="PatternNode"/>s: characters, classes, escapes, groups, alternation, greedy and lazy quantifiers, and
/// <c>^</c>/<c>$</c> at the ends of a top-level alternative. Anything else (lookarounds, back-references, word
/// boundaries, Unicode property escapes) is a <see cref="PatternNotSupportedException"/>.
/// </summary>
internal sealed class PatternParser
{
    private readonly string text;
    private int position;

    private PatternParser(string text) => this.text = text;

    /// <summary>The top-level alternatives of <paramref name="pattern"/>.</summary>
    /// <exception cref="PatternNotSupportedException">The pattern is invalid or uses a construct the comparison cannot reason about.</exception>
    public static IReadOnlyList<PatternNode> Parse(string pattern)
    {
        var parser = new PatternParser(pattern);
        var options = parser.ParseChoice(topLevel: true);
        if (parser.position < pattern.Length)
        {
            throw new PatternNotSupportedException($"unbalanced ')' at position {parser.position}");
        }

        return options;
    }

    private bool AtEnd => position >= text.Length;

    private char Peek => text[position];

    private List<PatternNode> ParseChoice(bool topLevel)
    {
        var options = new List<PatternNode> { ParseSequence(topLevel) };
        while (!AtEnd && Peek == '|')
        {
            position++;
            options.Add(ParseSequence(topLevel));
        }

        return options;
    }

    private SequenceNode ParseSequence(bool topLevel)
    {
        var items = new List<PatternNode>();
        while (!AtEnd && Peek != '|' && Peek != ')')
        {
            var atomStart = position;
            var atom = ParseAtom();
            if (atom is AnchorNode anchor)
            {
                // ^ only first and $ only last in a top-level alternative: then they anchor the whole match.
                var last = AtEnd || Peek == '|' || Peek == ')';
                if (!topLevel || (anchor.Start && items.Count > 0) || (!anchor.Start && !last))
                {
                    throw new PatternNotSupportedException($"'{text[atomStart]}' at position {atomStart} does not anchor the whole pattern");
                }

                items.Add(atom);
                continue;
            }

            items.Add(ParseQuantifier(atom));
        }

        return new SequenceNode(items);
    }

    private PatternNode ParseQuantifier(PatternNode atom)
    {
        if (AtEnd)
        {
            return atom;
        }

        int min;
        int? max;
        switch (Peek)
        {
            case '*':
                (min, max) = (0, null);
                position++;
                break;
            case '+':
                (min, max) = (1, null);
                position++;
                break;
            case '?':
                (min, max) = (0, 1);
                position++;
                break;
            case '{' when TryReadBraces(out min, out max):
                break;
            default:
                return atom;
        }

        if (!AtEnd && Peek == '?')
        {
            position++; // lazy: the same language
        }

        if (!AtEnd && Peek is '*' or '+' or '?')
        {
            throw new PatternNotSupportedException($"nothing to repeat at position {position}");
        }

        if (max < min)
        {
            throw new PatternNotSupportedException($"quantifier {{{min},{max}}} has its numbers out of order");
        }

        return new RepeatNode(atom, min, max);
    }

    private bool TryReadBraces(out int min, out int? max)
    {
        min = 0;
        max = null;
        var close = text.IndexOf('}', position);
        if (close < 0)
        {
            return false;
        }

        var inner = text.Substring(position + 1, close - position - 1);
        var comma = inner.IndexOf(',');
        var first = comma < 0 ? inner : inner[..comma];
        if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out min))
        {
            return false;
        }

        if (comma < 0)
        {
            max = min;
        }
        else if (inner.Length > comma + 1)
        {
            if (!int.TryParse(inner[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var upper))
            {
                return false;
            }

            max = upper;
        }

        position = close + 1;
        return true;
    }

    private PatternNode ParseAtom()
    {
        var c = text[position++];
        switch (c)
        {
            case '^':
                return new AnchorNode(true);
            case '$':
                return new AnchorNode(false);
            case '.':
                return new CharNode(CharSet.Dot);
            case '[':
                return new CharNode(ParseClass());
            case '\\':
                return new CharNode(ParseEscape(inClass: false));
            case '(':
                return ParseGroup();
            case '*' or '+' or '?':
                throw new PatternNotSupportedException($"nothing to repeat at position {position - 1}");
            default:
                return new CharNode(CharSet.Of((c, c)));
        }
    }

    private PatternNode ParseGroup()
    {
        if (!AtEnd && Peek == '?')
        {
            var rest = text[position..];
            if (rest.StartsWith("?:", StringComparison.Ordinal))
            {
                position += 2;
            }
            else if (rest.StartsWith("?<", StringComparison.Ordinal) && !rest.StartsWith("?<=", StringComparison.Ordinal) && !rest.StartsWith("?<!", StringComparison.Ordinal))
            {
                var close = text.IndexOf('>', position);
                if (close < 0)
                {
                    throw new PatternNotSupportedException("unterminated group name");
                }

                position = close + 1;
            }
            else
            {
                throw new PatternNotSupportedException($"lookaround '({rest[..Math.Min(3, rest.Length)]}' at position {position - 1}");
            }
        }

        var options = ParseChoice(topLevel: false);
        if (AtEnd || Peek != ')')
        {
            throw new PatternNotSupportedException("unterminated group");
        }

        position++;
        return options.Count == 1 ? options[0] : new ChoiceNode(options);
    }

    private CharSet ParseClass()
    {
        var negate = !AtEnd && Peek == '^';
        if (negate)
        {
            position++;
        }

        var parts = new List<CharSet>();
        while (true)
        {
            if (AtEnd)
            {
                throw new PatternNotSupportedException("unterminated character class");
            }

            if (Peek == ']')
            {
                position++;
                break;
            }

            var (low, lowSet) = ReadClassAtom();
            if (lowSet is null && position + 1 < text.Length && Peek == '-' && text[position + 1] != ']')
            {
                position++;
                var (high, highSet) = ReadClassAtom();
                if (highSet is not null)
                {
                    throw new PatternNotSupportedException("a class escape cannot end a range");
                }

                if (high < low)
                {
                    throw new PatternNotSupportedException("a range is out of order in a character class");
                }

                parts.Add(CharSet.Of((low, high)));
            }
            else
            {
                parts.Add(lowSet ?? CharSet.Of((low, low)));
            }
        }

        var set = CharSet.Union(parts);
        return negate ? set.Complement() : set;
    }

    private (int Char, CharSet? Set) ReadClassAtom()
    {
        var c = text[position++];
        if (c != '\\')
        {
            return (c, null);
        }

        if (!AtEnd && Peek == 'b')
        {
            position++;
            return ('\b', null);
        }

        var set = ParseEscape(inClass: true);
        return set.Ranges.Count == 1 && set.Ranges[0].Lo == set.Ranges[0].Hi ? (set.Ranges[0].Lo, null) : (0, set);
    }

    private CharSet ParseEscape(bool inClass)
    {
        if (AtEnd)
        {
            throw new PatternNotSupportedException("the pattern ends with a lone backslash");
        }

        var c = text[position++];
        switch (c)
        {
            case 'd': return CharSet.Digit;
            case 'D': return CharSet.Digit.Complement();
            case 'w': return CharSet.Word;
            case 'W': return CharSet.Word.Complement();
            case 's': return CharSet.Space;
            case 'S': return CharSet.Space.Complement();
            case 't': return Single('\t');
            case 'n': return Single('\n');
            case 'r': return Single('\r');
            case 'f': return Single('\f');
            case 'v': return Single('\v');
            case '0' when AtEnd || !char.IsAsciiDigit(Peek): return Single('\0');
            case 'x': return Single(ReadHex(2));
            case 'u' when !AtEnd && Peek != '{': return Single(ReadHex(4));
            case 'c' when !AtEnd && char.IsAsciiLetter(Peek): return Single(text[position++] % 32);
            case 'b' or 'B' when !inClass:
                throw new PatternNotSupportedException($"word boundary '\\{c}'");
            case >= '1' and <= '9':
                throw new PatternNotSupportedException($"back-reference '\\{c}'");
            case 'p' or 'P' or 'k' or 'u':
                throw new PatternNotSupportedException($"escape '\\{c}'");
            default:
                return Single(c); // an escaped punctuation character stands for itself
        }
    }

    private int ReadHex(int digits)
    {
        if (position + digits > text.Length || !int.TryParse(text.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new PatternNotSupportedException($"a hexadecimal escape needs {digits} digits");
        }

        position += digits;
        return value;
    }

    private static CharSet Single(int c) => CharSet.Of((c, c));
}
