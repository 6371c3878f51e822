// Shared source: linked into each package that needs it (an internal copy per assembly, no InternalsVisibleTo).
namespace Bandwidth.Mfa.Validation
{
    /// <summary>
    /// The spec's E.164 rule, <c>^\+[1-9]\d{1,14}$</c>, as JSON Schema reads a pattern (ECMA-262): <c>\d</c> is an ASCII
    /// digit only and <c>$</c> is the end of the text. .NET's own reading of the same pattern would also take any Unicode
    /// decimal digit (full-width, Arabic-Indic, ...) and a final line break, which the service refuses.
    /// </summary>
    internal static class MfaPhoneNumbers
    {
        /// <summary>Whether <paramref name="value"/> is a '+', a digit 1 to 9, then 1 to 14 more digits 0 to 9, and nothing else.</summary>
        /// <param name="value">The text to check; null is not a number.</param>
        /// <returns>True for an E.164 number.</returns>
        public static bool IsE164(string? value)
        {
            if (value == null || value.Length < 3 || value.Length > 16 || value[0] != '+' || value[1] < '1' || value[1] > '9')
            {
                return false;
            }

            for (var i = 2; i < value.Length; i++)
            {
                if (value[i] < '0' || value[i] > '9')
                {
                    return false;
                }
            }

            return true;
        }
    }
}
