using System.Text;

namespace Bandwidth.Mfa.Diagnostics
{
    // How one secret is found in server text: as sent, JSON-escaped or percent-encoded, in any mix.
    internal sealed partial class MfaScrubber
    {
        private static string ScrubOne(string text, string secret)
        {
            StringBuilder? builder = null;
            var copied = 0;
            var i = 0;
            while (i < text.Length)
            {
                var end = MatchAt(text, i, secret);
                if (end < 0)
                {
                    i++;
                    continue;
                }

                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, i - copied).Append(MfaRedaction.Hidden);
                i = end;
                copied = end;
            }

            return builder == null ? text : builder.Append(text, copied, text.Length - copied).ToString();
        }

        // Where a match of the secret that starts at 'start' ends, or -1: each character of the secret may appear as itself,
        // as a JSON escape (\", \\, \/, \b, \f, \n, \r, \t, \uXXXX in either case) or percent-encoded (%XX; UTF-8 bytes
        // for a non-ASCII character outside the surrogate range).
        private static int MatchAt(string text, int start, string secret)
        {
            var j = start;
            foreach (var expected in secret)
            {
                if (j >= text.Length)
                {
                    return -1;
                }

                var c = text[j];
                if (c == '\\' && TryJsonEscape(text, j, out var unescaped, out var length) && unescaped == expected)
                {
                    j += length;
                }
                else if (c == '%' && expected < 0x80 && TryPercent(text, j, out var decoded) && decoded == expected)
                {
                    j += 3;
                }
                else if (c == '%' && expected >= 0x80 && !char.IsSurrogate(expected) && PercentUtf8Length(text, j, expected) is int encoded && encoded > 0)
                {
                    j += encoded;
                }
                else if (c == expected)
                {
                    j++;
                }
                else
                {
                    return -1;
                }
            }

            return j;
        }

        private static bool TryJsonEscape(string text, int at, out char value, out int length)
        {
            value = '\0';
            length = 0;
            if (at + 1 >= text.Length)
            {
                return false;
            }

            switch (text[at + 1])
            {
                case '"': value = '"'; break;
                case '\\': value = '\\'; break;
                case '/': value = '/'; break;
                case 'b': value = '\b'; break;
                case 'f': value = '\f'; break;
                case 'n': value = '\n'; break;
                case 'r': value = '\r'; break;
                case 't': value = '\t'; break;
                case 'u':
                    if (at + 5 < text.Length && TryHex(text, at + 2, 4, out var code))
                    {
                        value = (char)code;
                        length = 6;
                        return true;
                    }

                    return false;
                default:
                    return false;
            }

            length = 2;
            return true;
        }

        // How long the percent-encoded UTF-8 form of a non-ASCII character is at 'at' (%C3%A9 for 'é'), or 0.
        private static int PercentUtf8Length(string text, int at, char expected)
        {
            var bytes = Encoding.UTF8.GetBytes(new[] { expected });
            var j = at;
            foreach (var b in bytes)
            {
                if (j >= text.Length || text[j] != '%' || !TryPercent(text, j, out var decoded) || decoded != b)
                {
                    return 0;
                }

                j += 3;
            }

            return j - at;
        }

        private static bool TryPercent(string text, int at, out char value)
        {
            value = '\0';
            if (at + 2 >= text.Length || !TryHex(text, at + 1, 2, out var code))
            {
                return false;
            }

            value = (char)code;
            return true;
        }

        private static bool TryHex(string text, int at, int digits, out int value)
        {
            value = 0;
            for (var k = 0; k < digits; k++)
            {
                var c = text[at + k];
                int digit;
                if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else if (c >= 'A' && c <= 'F')
                {
                    digit = c - 'A' + 10;
                }
                else
                {
                    return false;
                }

                value = (value * 16) + digit;
            }

            return true;
        }
    }
}
