using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>
/// Parses the regular expressions that JSON Schema's <c>pattern</c> uses (ECMA-262, no flags) into
/// <see cref="PatternNode"/>s: characters, classes, escapes, groups, alternation, greedy and lazy quantifiers, and
/// <c>^</c>/<c>$</c> at the ends of a top-level alternative. Anything else (lookarounds, back-references, word
/// boundaries, Unicode property escapes) is a <see cref="PatternNotSupportedException"/>.
/// </summary>
internal sealed partial class PatternParser
{
    private readonly string _text;
    private int _position;

    private PatternParser(string text) => _text = text;

    /// <summary>The top-level alternatives of <paramref name="pattern"/>.</summary>
    /// <exception cref="PatternNotSupportedException">The pattern is invalid or uses a construct the comparison cannot reason about.</exception>
    public static IReadOnlyList<PatternNode> Parse(string pattern)
    {
        var parser = new PatternParser(pattern);
        var options = parser.ParseChoice(topLevel: true);
        if (parser._position < pattern.Length)
        {
            throw new PatternNotSupportedException($"unbalanced ')' at position {parser._position}");
        }

        return options;
    }

    private bool AtEnd => _position >= _text.Length;

    private char Peek => _text[_position];

    private List<PatternNode> ParseChoice(bool topLevel)
    {
        var options = new List<PatternNode> { ParseSequence(topLevel) };
        while (!AtEnd && Peek == '|')
        {
            _position++;
            options.Add(ParseSequence(topLevel));
        }

        return options;
    }

    private SequenceNode ParseSequence(bool topLevel)
    {
        var items = new List<PatternNode>();
        while (!AtEnd && Peek != '|' && Peek != ')')
        {
            var atomStart = _position;
            var atom = ParseAtom();
            if (atom is AnchorNode anchor)
            {
                // ^ only first and $ only last in a top-level alternative: then they anchor the whole match.
                var last = AtEnd || Peek == '|' || Peek == ')';
                if (!topLevel || (anchor.Start && items.Count > 0) || (!anchor.Start && !last))
                {
                    throw new PatternNotSupportedException($"'{_text[atomStart]}' at position {atomStart} does not anchor the whole pattern");
                }

                items.Add(atom);
                continue;
            }

            items.Add(ParseQuantifier(atom));
        }

        return new SequenceNode(items);
    }

    private PatternNode ParseAtom()
    {
        var c = _text[_position++];
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
                throw new PatternNotSupportedException($"nothing to repeat at position {_position - 1}");
            default:
                return new CharNode(CharSet.Of((c, c)));
        }
    }

    private PatternNode ParseGroup()
    {
        if (!AtEnd && Peek == '?')
        {
            var rest = _text[_position..];
            if (rest.StartsWith("?:", StringComparison.Ordinal))
            {
                _position += 2;
            }
            else if (rest.StartsWith("?<", StringComparison.Ordinal) && !rest.StartsWith("?<=", StringComparison.Ordinal) && !rest.StartsWith("?<!", StringComparison.Ordinal))
            {
                var close = _text.IndexOf('>', _position);
                if (close < 0)
                {
                    throw new PatternNotSupportedException("unterminated group name");
                }

                _position = close + 1;
            }
            else
            {
                throw new PatternNotSupportedException($"lookaround '({rest[..Math.Min(3, rest.Length)]}' at position {_position - 1}");
            }
        }

        var options = ParseChoice(topLevel: false);
        if (AtEnd || Peek != ')')
        {
            throw new PatternNotSupportedException("unterminated group");
        }

        _position++;
        return options.Count == 1 ? options[0] : new ChoiceNode(options);
    }
}
