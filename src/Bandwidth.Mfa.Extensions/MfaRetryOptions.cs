using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The opt-in retry policy (<see cref="MfaOptions.Retry"/>; null, the default, means no retries at all). It only retries
    /// what cannot text or call a user twice: a connection that failed before anything was sent, a 429 or 503 that says
    /// when to come back (<c>Retry-After</c>), and verify calls after a 500/502/504 or a connection that broke after sending (a retried
    /// verify with a wrong code may count once more toward the service's wrong-attempt limit). Timeouts are never retried.
    /// A send that may have reached the server is never retried, unless <see cref="RetrySendsOnServerErrors"/> is set.
    /// </summary>
    public sealed class MfaRetryOptions
    {
        /// <summary>How many times a call may be sent again (0 to 5). Default 2.</summary>
        public int MaxRetryAttempts { get; set; } = 2;

        /// <summary>The first back-off delay, doubled on each attempt with jitter, when the server gave no <c>Retry-After</c>. Default 500 ms.</summary>
        public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

        /// <summary>The longest <c>Retry-After</c> that is waited for; a longer one surfaces the 429/503 at once. Default 30 s.</summary>
        public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Also retry sends after a 500, 502 or 504. The service documents errors as not billed, but a gateway that lost
        /// the answer (502, 504) may hide a code that was delivered: opt in only if a rare second text is acceptable.
        /// Default false.
        /// </summary>
        public bool RetrySendsOnServerErrors { get; set; }

        /// <summary>Describes the policy.</summary>
        /// <returns>A description.</returns>
        public override string ToString()
        {
            return "{ MaxRetryAttempts = " + MaxRetryAttempts + ", BaseDelay = " + BaseDelay + ", MaxRetryAfter = " + MaxRetryAfter
                + ", RetrySendsOnServerErrors = " + RetrySendsOnServerErrors + " }";
        }
    }
}
