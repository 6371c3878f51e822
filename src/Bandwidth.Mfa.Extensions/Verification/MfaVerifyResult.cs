using System;
using System.Globalization;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The answer of <see cref="MfaServiceVerifyExtensions.VerifyCodeWithOutcomeAsync"/>: valid, invalid, or locked out
    /// with how long to wait. Holds neither the code nor the number, so it is safe to log.
    /// </summary>
    public sealed class MfaVerifyResult
    {
        /// <summary>The code was right.</summary>
        public static readonly MfaVerifyResult Valid = new MfaVerifyResult(MfaVerifyOutcome.Valid, null);

        /// <summary>The code was wrong, expired or for another scope.</summary>
        public static readonly MfaVerifyResult Invalid = new MfaVerifyResult(MfaVerifyOutcome.Invalid, null);

        private MfaVerifyResult(MfaVerifyOutcome outcome, TimeSpan? retryAfter)
        {
            Outcome = outcome;
            RetryAfter = retryAfter;
        }

        /// <summary>What the service decided.</summary>
        public MfaVerifyOutcome Outcome { get; }

        /// <summary>True only for <see cref="MfaVerifyOutcome.Valid"/>.</summary>
        public bool IsValid => Outcome == MfaVerifyOutcome.Valid;

        /// <summary>True for <see cref="MfaVerifyOutcome.LockedOut"/>.</summary>
        public bool IsLockedOut => Outcome == MfaVerifyOutcome.LockedOut;

        /// <summary>
        /// For <see cref="MfaVerifyOutcome.LockedOut"/>: how long to wait before the number can be verified again, from the
        /// service's <c>Retry-After</c> header or, failing that, from its error text (<c>please wait 2 minutes</c>); null when
        /// the service said neither (Bandwidth documents 30 seconds to 2 minutes). Always null for the other outcomes.
        /// </summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>A locked-out result.</summary>
        /// <param name="retryAfter">How long to wait, if known; a negative value counts as zero.</param>
        /// <returns>The result.</returns>
        public static MfaVerifyResult LockedOut(TimeSpan? retryAfter)
        {
            return new MfaVerifyResult(MfaVerifyOutcome.LockedOut, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter);
        }

        /// <summary>The outcome, and the wait of a lockout (never a code or a number).</summary>
        /// <returns>For example <c>LockedOut (retry after 120 s)</c>.</returns>
        public override string ToString()
        {
            return RetryAfter is TimeSpan wait
                ? Outcome + " (retry after " + Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture) + " s)"
                : Outcome.ToString();
        }
    }
}
