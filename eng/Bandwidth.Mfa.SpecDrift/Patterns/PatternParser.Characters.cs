using System;
using System.Collections.Generic;
using System.Globalization;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>Character classes and escapes, each read into a <see cref="CharSet"/>.</summary>
internal sealed partial class PatternParser
{
    private CharSet ParseClass()
    {
        var negate = !AtEnd && Peek == '^';
        if (negate)
        {
            _position++;
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
                _position++;
                break;
            }

            var (low, lowSet) = ReadClassAtom();
            if (lowSet is null && _position + 1 < _text.Length && Peek == '-' && _text[_position + 1] != ']')
            {
                _position++;
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
        var c = _text[_position++];
        if (c != '\\')
        {
            return (c, null);
        }

        if (!AtEnd && Peek == 'b')
        {
            _position++;
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

        var c = _text[_position++];
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
            case 'c' when !AtEnd && char.IsAsciiLetter(Peek): return Single(_text[_position++] % 32);
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
        if (_position + digits > _text.Length || !int.TryParse(_text.AsSpan(_position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw new PatternNotSupportedException($"a hexadecimal escape needs {digits} digits");
        }

        _position += digits;
        return value;
    }

    private static CharSet Single(int c) => CharSet.Of((c, c));
}
