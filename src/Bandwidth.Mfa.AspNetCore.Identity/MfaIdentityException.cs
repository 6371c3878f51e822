using System;

namespace Bandwidth.Mfa.AspNetCore.Identity
{
    /// <summary>
    /// Thrown through <c>UserManager</c> and <c>SignInManager</c> by the Bandwidth MFA token providers when a code could
    /// not be sent or checked: the service is unavailable, the number is locked out after too many wrong codes, or the send
    /// limits refused the send. A page catches it and shows <see cref="Exception.Message"/>, which is written for the user
    /// and never holds a phone number or a code; the cause (an <see cref="MfaException"/>) is the inner exception. A wrong
    /// code is never this exception: the provider answers false, as Identity expects.
    /// </summary>
    public sealed class MfaIdentityException : MfaException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="failure">Why.</param>
        /// <param name="message">The text to show (no number, no code).</param>
        /// <param name="retryAfter">How long to wait, if known.</param>
        /// <param name="retryAt">When to try again, if known.</param>
        /// <param name="innerException">The cause.</param>
        public MfaIdentityException(MfaIdentityFailure failure, string message, TimeSpan? retryAfter = null, DateTimeOffset? retryAt = null, MfaException? innerException = null)
            : base(message, innerException?.Operation, innerException?.Status, innerException?.RequestMayHaveReachedServer ?? false, innerException)
        {
            Failure = failure;
            RetryAfter = retryAfter;
            RetryAt = retryAt;
        }

        /// <summary>Why the code could not be sent or checked.</summary>
        public MfaIdentityFailure Failure { get; }

        /// <summary>How long to wait before trying again, when known (a lockout or a refused send).</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>When to try again (UTC), when known: the provider's clock plus <see cref="RetryAfter"/>, or the send limit's own time.</summary>
        public DateTimeOffset? RetryAt { get; }
    }
}
