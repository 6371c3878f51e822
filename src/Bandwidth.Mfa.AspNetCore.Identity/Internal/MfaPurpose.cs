using System;
using System.Security.Cryptography;
using System.Text;

namespace Bandwidth.Mfa.AspNetCore.Identity.Internal
{
    /// <summary>
    /// One Identity purpose, mapped to a Bandwidth scope. The scope binds a code to the purpose's kind, the user, the
    /// number, the user's security stamp and the one pending send: a phone-confirmation code can never sign in, a code
    /// never works for another user or number, a rotated stamp voids every pending code, and a used code is gone.
    /// </summary>
    internal readonly struct MfaPurpose
    {
        internal const string TwoFactor = "TwoFactor";
        internal const string ChangePhoneNumberPrefix = "ChangePhoneNumber:";

        private MfaPurpose(string purpose, string kind, string scopePrefix, string? number)
        {
            Purpose = purpose;
            Kind = kind;
            ScopePrefix = scopePrefix;
            NumberInPurpose = number;
        }

        internal string Purpose { get; }

        /// <summary>The name of the pending send in the user's authentication tokens: one per kind.</summary>
        internal string Kind { get; }

        /// <summary>A readable start of the scope (it may show in a message template's <c>{SCOPE}</c>).</summary>
        internal string ScopePrefix { get; }

        /// <summary>The new number of a phone confirmation (Identity passes it only inside the purpose), else null.</summary>
        internal string? NumberInPurpose { get; }

        internal static MfaPurpose Of(string purpose)
        {
            if (string.Equals(purpose, TwoFactor, StringComparison.Ordinal))
            {
                return new MfaPurpose(purpose, TwoFactor, "login-", null);
            }

            if (purpose.StartsWith(ChangePhoneNumberPrefix, StringComparison.Ordinal))
            {
                return new MfaPurpose(purpose, "ChangePhoneNumber", "phone-", purpose.Substring(ChangePhoneNumberPrefix.Length));
            }

            // Any other purpose an application routes here (its own, or Identity's reset and confirmation purposes):
            // a scope of its own, to the user's number.
            var colon = purpose.IndexOf(':');
            return new MfaPurpose(purpose, "Other:" + (colon < 0 ? purpose : purpose.Substring(0, colon)), "app-", null);
        }

        /// <summary>At most 25 characters (the spec's limit): the prefix and 18 base32 characters (90 bits) of a SHA-256.</summary>
        internal string ScopeFor(string userId, string number, string securityStamp, string nonce)
        {
            var text = new StringBuilder();
            foreach (var part in new[] { "bandwidth-mfa-identity/1", Purpose, userId, number, securityStamp, nonce })
            {
                text.Append(part.Length).Append(':').Append(part).Append('|');
            }

            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
            return ScopePrefix + Base32(hash, 18);
        }

        internal static string NewNonce()
        {
            var bytes = new byte[16];
            RandomNumberGenerator.Fill(bytes);
            return Base32(bytes, 25);
        }

        private static string Base32(byte[] bytes, int length)
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            var chars = new char[length];
            var bit = 0;
            for (var i = 0; i < length; i++, bit += 5)
            {
                var value = 0;
                for (var j = 0; j < 5; j++)
                {
                    var at = bit + j;
                    value = (value << 1) | ((bytes[at / 8] >> (7 - (at % 8))) & 1);
                }

                chars[i] = alphabet[value];
            }

            return new string(chars);
        }
    }
}
