using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.SendLimits
{
    /// <summary>
    /// Matches a destination against the allow- and deny-lists of country calling codes: a code matches when the digits
    /// after '+' start with it; the longest matching code of either list decides (a code is on one list at most).
    /// </summary>
    internal static class MfaCallingCodes
    {
        /// <summary>Whether <paramref name="destination"/> may be sent to.</summary>
        internal static bool IsAllowed(string destination, IList<string>? allowed, IList<string>? denied)
        {
            var digits = destination.StartsWith("+", StringComparison.Ordinal) ? destination.Substring(1) : destination;
            var allow = Longest(digits, allowed);
            var deny = Longest(digits, denied);
            if (deny > 0 && deny >= allow)
            {
                return false;
            }

            return allowed == null || allowed.Count == 0 || allow > 0;
        }

        /// <summary>Whether <paramref name="code"/> is a calling code as the options take it: 1 to 3 digits, no '+'.</summary>
        internal static bool IsCallingCode(string? code)
        {
            if (code == null || code.Length < 1 || code.Length > 3)
            {
                return false;
            }

            foreach (var c in code)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return code[0] != '0';
        }

        private static int Longest(string digits, IList<string>? codes)
        {
            var longest = 0;
            if (codes == null)
            {
                return 0;
            }

            foreach (var code in codes)
            {
                if (code != null && code.Length > longest && digits.StartsWith(code, StringComparison.Ordinal))
                {
                    longest = code.Length;
                }
            }

            return longest;
        }
    }
}
