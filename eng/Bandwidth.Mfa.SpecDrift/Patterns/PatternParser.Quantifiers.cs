using System.Globalization;

namespace Bandwidth.Mfa.SpecDrift.Patterns;

/// <summary>Quantifiers: <c>*</c>, <c>+</c>, <c>?</c> and braces, greedy or lazy.</summary>
internal sealed partial class PatternParser
{
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
                _position++;
                break;
            case '+':
                (min, max) = (1, null);
                _position++;
                break;
            case '?':
                (min, max) = (0, 1);
                _position++;
                break;
            case '{' when TryReadBraces(out min, out max):
                break;
            default:
                return atom;
        }

        if (!AtEnd && Peek == '?')
        {
            _position++; // lazy: the same language
        }

        if (!AtEnd && Peek is '*' or '+' or '?')
        {
            throw new PatternNotSupportedException($"nothing to repeat at position {_position}");
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
        var close = _text.IndexOf('}', _position);
        if (close < 0)
        {
            return false;
        }

        var inner = _text.Substring(_position + 1, close - _position - 1);
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

        _position = close + 1;
        return true;
    }
}
