using System;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>
    /// One verification the sandbox decided (after the credentials and the body were accepted), for an outbox view or an
    /// assertion. It does not hold the code that was tried.
    /// </summary>
    public sealed class MfaSandboxVerification
    {
        internal MfaSandboxVerification(string accountId, string to, string scope, MfaSandboxVerificationResult result, int failedAttempts, DateTimeOffset? lockedUntil, DateTimeOffset verifiedAt)
        {
            AccountId = accountId;
            To = to;
            Scope = scope;
            Result = result;
            FailedAttempts = failedAttempts;
            LockedUntil = lockedUntil;
            VerifiedAt = verifiedAt;
        }

        /// <summary>The account of the request path.</summary>
        public string AccountId { get; }

        /// <summary>The E.164 number the code was for.</summary>
        public string To { get; }

        /// <summary>The scope (<c>2FA</c> when the request had none).</summary>
        public string Scope { get; }

        /// <summary>The answer.</summary>
        public MfaSandboxVerificationResult Result { get; }

        /// <summary>The number's count of wrong codes after this attempt (0 after a right one).</summary>
        public int FailedAttempts { get; }

        /// <summary>Until when the number is locked out after this attempt; null when it is not.</summary>
        public DateTimeOffset? LockedUntil { get; }

        /// <summary>When the sandbox's clock said the verification arrived.</summary>
        public DateTimeOffset VerifiedAt { get; }

        /// <summary>Describes the verification with the number masked.</summary>
        /// <returns>A short description.</returns>
        public override string ToString()
        {
            return "verify " + MfaRedaction.PhoneNumber(To) + " (scope " + Scope + "): " + Result
                + (LockedUntil.HasValue ? ", locked until " + LockedUntil.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : string.Empty);
        }
    }
}
