using System;
using System.Globalization;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// A send (<c>generateMessagingCode</c>, <c>generateVoiceCode</c>) was refused by the client's send limits
    /// (<c>MfaOptions.SendLimits</c>) before anything was sent: no token was fetched, no request was made and nothing was
    /// billed, so <see cref="MfaException.RequestMayHaveReachedServer"/> is false. <see cref="Rule"/> names the rule and
    /// <see cref="RetryAt"/> when a send to the same destination would be allowed again (null when waiting does not help,
    /// or is not known). The message masks the destination.
    /// </summary>
    public sealed class MfaSendRefusedException : MfaException
    {
        /// <summary>Creates the exception, for test doubles.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="rule">The rule that refused the send.</param>
        /// <param name="destination">The destination number (masked in the message), or null.</param>
        /// <param name="retryAt">When a send would be allowed again, or null.</param>
        /// <param name="retryAfter">How long until then, or null.</param>
        public MfaSendRefusedException(string? operation, MfaSendLimitRule rule, string? destination, DateTimeOffset? retryAt, TimeSpan? retryAfter)
            : base(Compose(operation, rule, destination, retryAt, retryAfter), operation, null, false, null)
        {
            Rule = rule;
            RetryAt = retryAt;
            RetryAfter = retryAfter;
        }

        internal MfaSendRefusedException(MfaCall call, MfaSendLimitRule rule, string? destination, DateTimeOffset? retryAt, Exception? innerException)
            : base(call, Compose(call.OperationId, rule, destination, retryAt, Until(call, retryAt)), null, false, innerException)
        {
            Rule = rule;
            RetryAt = retryAt;
            RetryAfter = Until(call, retryAt);
        }

        /// <summary>The rule that refused the send.</summary>
        public MfaSendLimitRule Rule { get; }

        /// <summary>When a send to the same destination would be allowed again (by the client's clock), or null.</summary>
        public DateTimeOffset? RetryAt { get; }

        /// <summary>How long from the refusal until <see cref="RetryAt"/>, or null.</summary>
        public TimeSpan? RetryAfter { get; }

        private static TimeSpan? Until(MfaCall call, DateTimeOffset? retryAt)
        {
            if (retryAt == null)
            {
                return null;
            }

            var wait = retryAt.Value - call.Time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        private static string Compose(string? operation, MfaSendLimitRule rule, string? destination, DateTimeOffset? retryAt, TimeSpan? retryAfter)
        {
            var text = Describe(operation) + " to " + MfaRedaction.PhoneNumber(destination) + " was refused by the send limits (" + rule + ")";
            if (retryAt != null)
            {
                text += "; a send is allowed again at " + retryAt.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                if (retryAfter != null)
                {
                    text += " (in " + retryAfter.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s)";
                }
            }

            return text + ". Nothing was sent.";
        }
    }
}
