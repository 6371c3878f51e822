using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.SendLimits
{
    /// <summary>
    /// The allow- and deny-lists of destination prefixes of one client, compiled once: a prefix matches when the digits
    /// of the destination after '+' start with it; the longest matching prefix of either list decides. Explicit entries
    /// (<c>AllowedPrefixes</c>, <c>DeniedPrefixes</c> and their former names) may not repeat across the lists (start-up
    /// refuses that); a prefix of a shipped list (<c>DenyNanpOutsideUsAndCanada</c>) that is also allowed explicitly stays
    /// allowed. A lookup allocates nothing.
    /// </summary>
    internal sealed class MfaDestinationPrefixes
    {
        /// <summary>The longest prefix accepted: an E.164 number has at most 15 digits.</summary>
        internal const int MaxDigits = 15;

        private readonly Dictionary<long, bool>?[] _byLength = new Dictionary<long, bool>?[MaxDigits + 1];
        private readonly bool _allowListed;

        private MfaDestinationPrefixes(IEnumerable<string> allowed, IEnumerable<string> denied, IEnumerable<string> shippedDenied)
        {
            foreach (var prefix in shippedDenied)
            {
                Add(prefix, false);
            }

            foreach (var prefix in denied)
            {
                Add(prefix, false);
            }

            foreach (var prefix in allowed)
            {
                // Explicit entries: an allowed prefix beats the same prefix of a shipped list.
                Add(prefix, true);
                _allowListed = true;
            }
        }

        /// <summary>The lists of <paramref name="limits"/> (which passed start-up validation).</summary>
        internal static MfaDestinationPrefixes From(MfaSendLimitOptions limits)
        {
#pragma warning disable CS0618 // the former names are still read
            return new MfaDestinationPrefixes(
                Concat(limits.AllowedPrefixes, limits.AllowedCallingCodes),
                Concat(limits.DeniedPrefixes, limits.DeniedCallingCodes),
                limits.DenyNanpOutsideUsAndCanada ? MfaPrefixLists.NanpOutsideUsAndCanada : Array.Empty<string>());
#pragma warning restore CS0618
        }

        /// <summary>Whether <paramref name="destination"/> (E.164) may be sent to.</summary>
        internal bool IsAllowed(string destination)
        {
            var start = destination.StartsWith("+", StringComparison.Ordinal) ? 1 : 0;
            long value = 0;
            bool? verdict = null;
            for (var length = 1; length <= MaxDigits && start + length <= destination.Length; length++)
            {
                var c = destination[start + length - 1];
                if (c < '0' || c > '9')
                {
                    break;
                }

                value = (value * 10) + (c - '0');
                var table = _byLength[length];
                if (table != null && table.TryGetValue(value, out var allowed))
                {
                    verdict = allowed; // a longer match replaces a shorter one
                }
            }

            return verdict ?? !_allowListed;
        }

        /// <summary>Whether <paramref name="prefix"/> is a destination prefix as the options take it: 1 to 15 digits, no '+', not starting with 0.</summary>
        internal static bool IsPrefix(string? prefix)
        {
            if (prefix == null || prefix.Length < 1 || prefix.Length > MaxDigits || prefix[0] == '0')
            {
                return false;
            }

            foreach (var c in prefix)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private void Add(string? prefix, bool allowed)
        {
            if (!IsPrefix(prefix))
            {
                return;
            }

            var table = _byLength[prefix!.Length] ??= new Dictionary<long, bool>();
            table[long.Parse(prefix, System.Globalization.CultureInfo.InvariantCulture)] = allowed;
        }

        private static IEnumerable<string> Concat(IList<string>? first, IList<string>? second)
        {
            foreach (var item in first ?? Array.Empty<string>())
            {
                yield return item;
            }

            foreach (var item in second ?? Array.Empty<string>())
            {
                yield return item;
            }
        }
    }
}
