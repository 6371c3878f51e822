using System;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Bandwidth.Mfa
{
    /// <summary>How long a 429 of verify asks the caller to wait: the <c>Retry-After</c> header, else the service's text.</summary>
    internal static class MfaLockoutWait
    {
        // The vendor's published text: "This number has exceeded verification attempts, please wait 2 minutes".
        private static readonly Regex WaitText = new Regex(
            @"\bwait\s+(?<n>\d{1,6})\s*(?<unit>second|sec|minute|min|hour)s?\b",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

        internal static TimeSpan? Of(MfaApiException rateLimited)
        {
            return rateLimited.RetryAfter ?? FromText(rateLimited.ErrorText);
        }

        internal static TimeSpan? FromText(string? errorText)
        {
            if (string.IsNullOrEmpty(errorText))
            {
                return null;
            }

            Match match;
            try
            {
                match = WaitText.Match(errorText);
            }
            catch (RegexMatchTimeoutException)
            {
                return null;
            }

            if (!match.Success)
            {
                return null;
            }

            var n = long.Parse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture);
            var unit = match.Groups["unit"].Value.ToUpperInvariant();
            return unit.StartsWith("H", StringComparison.Ordinal) ? TimeSpan.FromHours(n)
                : unit.StartsWith("M", StringComparison.Ordinal) ? TimeSpan.FromMinutes(n)
                : TimeSpan.FromSeconds(n);
        }
    }
}
