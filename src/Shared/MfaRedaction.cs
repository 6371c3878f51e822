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

        /// <summary>What stands in for a secret or a code.</summary>
        public const string Hidden = "***";
    }
}
