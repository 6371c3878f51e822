using System;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>A number that is locked out of verification: it had too many wrong codes and the cool-down has not passed.</summary>
    public sealed class MfaSandboxLockout
    {
        internal MfaSandboxLockout(string accountId, string to, int failedAttempts, DateTimeOffset until)
        {
            AccountId = accountId;
            To = to;
            FailedAttempts = failedAttempts;
            Until = until;
        }

        /// <summary>The account.</summary>
        public string AccountId { get; }

        /// <summary>The E.164 number.</summary>
        public string To { get; }

        /// <summary>The wrong codes counted for it.</summary>
        public int FailedAttempts { get; }

        /// <summary>When the cool-down ends and verification is answered again.</summary>
        public DateTimeOffset Until { get; }

        /// <summary>Describes the lockout with the number masked.</summary>
        /// <returns>A short description.</returns>
        public override string ToString()
        {
            return MfaRedaction.PhoneNumber(To) + " locked out until " + Until.ToString("O", System.Globalization.CultureInfo.InvariantCulture)
                + " after " + FailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture) + " wrong code(s)";
        }
    }
}
