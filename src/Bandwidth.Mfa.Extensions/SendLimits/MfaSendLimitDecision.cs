using System;

namespace Bandwidth.Mfa
{
    /// <summary>The answer of an <see cref="IMfaSendLimitStore"/>: allowed (and recorded), or refused with the rule and when a send would be allowed again.</summary>
    public sealed class MfaSendLimitDecision
    {
        private MfaSendLimitDecision(bool isAllowed, MfaSendLimitRule? rule, DateTimeOffset? retryAt)
        {
            IsAllowed = isAllowed;
            Rule = rule;
            RetryAt = retryAt;
        }

        /// <summary>The send is allowed and was recorded.</summary>
        public static MfaSendLimitDecision Allowed { get; } = new MfaSendLimitDecision(true, null, null);

        /// <summary>Whether the send is allowed.</summary>
        public bool IsAllowed { get; }

        /// <summary>The rule that refused the send (the first of cooldown, per number, per account that did), or null when allowed.</summary>
        public MfaSendLimitRule? Rule { get; }

        /// <summary>When every refusing rule would allow a send again, or null.</summary>
        public DateTimeOffset? RetryAt { get; }

        /// <summary>A refusal.</summary>
        /// <param name="rule">The rule that refused the send.</param>
        /// <param name="retryAt">When a send would be allowed again, or null.</param>
        /// <returns>The decision.</returns>
        public static MfaSendLimitDecision Refused(MfaSendLimitRule rule, DateTimeOffset? retryAt) => new MfaSendLimitDecision(false, rule, retryAt);
    }
}
