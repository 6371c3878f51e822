using System.Text.RegularExpressions;

// Shared source: linked into each package that needs it (an internal copy per assembly, no InternalsVisibleTo).
namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// Masks what must not reach a message or a log: phone numbers keep a country-code digit and their last two digits
    /// (<c>+1*********34</c>), codes are replaced outright.
    /// </summary>
    internal static class MfaRedaction
    {
        private static readonly Regex PhoneLike = new Regex(@"\+?\d[\d\s().-]{6,}\d", RegexOptions.CultureInvariant);

        /// <summary>Masks a phone number: <c>+19195551234</c> becomes <c>+1********34</c>.</summary>
        /// <param name="phoneNumber">The number, or null.</param>
        /// <returns>The masked number, or <c>(none)</c>.</returns>
        public static string PhoneNumber(string? phoneNumber)
        {
            if (string.IsNullOrEmpty(phoneNumber))
            {
                return "(none)";
            }

            var value = phoneNumber!;
            if (value.Length <= 4)
            {
                return new string('*', value.Length);
            }

            var keepStart = value[0] == '+' ? 2 : 1;
            return value.Substring(0, keepStart) + new string('*', value.Length - keepStart - 2) + value.Substring(value.Length - 2);
        }

        /// <summary>Masks every run of digits in free text that looks like a phone number.</summary>
        /// <param name="text">Free text, such as the service's error message.</param>
        /// <returns>The text with phone-like numbers masked.</returns>
        public static string Text(string text)
        {
            return PhoneLike.Replace(text, match => PhoneNumber(match.Value));
        }

        /// <summary>
        /// Text a server sent, made safe for one line of a message, a log or a tag: phone-like numbers masked, and every
        /// line break or other control character written as an escape (<c>\n</c>, <c>\r</c>, <c>\u0085</c>), so a
        /// server can neither put a number into a log nor forge a second log line.
        /// </summary>
        /// <param name="text">Text from a server, or null.</param>
        /// <returns>The text, masked and on one line; null for null.</returns>
        public static string? ServerText(string? text)
        {
            return text == null ? null : SingleLine(Text(text));
        }

        /// <summary>
        /// A request id a server sent, made safe like <see cref="ServerText"/>, except that an id of hexadecimal digits and
        /// hyphens with at least one letter (a UUID, the service's form) is kept whole: its digit groups are not a phone
        /// number. A digit-only id is masked like a number.
        /// </summary>
        /// <param name="requestId">The id, or null.</param>
        /// <returns>The id to show; null for null.</returns>
        public static string? RequestId(string? requestId)
        {
            return requestId != null && HexToken.IsMatch(requestId) ? requestId : ServerText(requestId);
        }

        private static readonly Regex HexToken = new Regex("^(?=[0-9-]*[A-Fa-f])[0-9A-Fa-f-]{1,64}$", RegexOptions.CultureInvariant);

        /// <summary>Writes every control character (CR, LF, tab, NEL, the Unicode line and paragraph separators, ...) as an escape.</summary>
        /// <param name="text">Any text.</param>
        /// <returns>The text on one line.</returns>
        public static string SingleLine(string text)
        {
            var i = 0;
            while (i < text.Length && !IsLineBreakOrControl(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                return text;
            }

            var builder = new System.Text.StringBuilder(text.Length + 8);
            builder.Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                var c = text[i];
                switch (c)
                {
                    case '\r':
                        builder.Append("\\r");
                        break;
                    case '\n':
                        builder.Append("\\n");
                        break;
                    case '\t':
                        builder.Append("\\t");
                        break;
                    default:
                        if (IsLineBreakOrControl(c))
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.ToString();
        }

        private static bool IsLineBreakOrControl(char c) => char.IsControl(c) || c == '\u2028' || c == '\u2029';

        /// <summary>What stands in for a secret or a code.</summary>
        public const string Hidden = "***";
    }
}
