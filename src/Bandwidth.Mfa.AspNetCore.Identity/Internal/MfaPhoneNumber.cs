using System.Text.RegularExpressions;

namespace Bandwidth.Mfa.AspNetCore.Identity.Internal
{
    internal static class MfaPhoneNumber
    {
        // The spec's pattern for 'to' (E.164).
        private static readonly Regex E164 = new Regex(@"^\+[1-9]\d{1,14}$", RegexOptions.CultureInvariant);

        internal static bool IsE164(string? number) => number != null && E164.IsMatch(number);
    }
}
