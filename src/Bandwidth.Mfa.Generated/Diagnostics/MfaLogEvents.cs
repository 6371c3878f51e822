using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// The event ids of the client's log lines (category <c>Bandwidth.Mfa</c>, <see cref="MfaTelemetry.Name"/>). Internal: the ids and names are a documented
    /// contract (the README's logging table), pinned by the tests as numbers.
    /// </summary>
    internal static class MfaLogEvents
    {
        /// <summary>A call got an answer (Debug; Warning for 429 and 5xx): operation, status, duration, request id.</summary>
        internal static readonly EventId CallCompleted = new EventId(1100, nameof(CallCompleted));

        /// <summary>A call got a 429 or 5xx answer (Warning).</summary>
        internal static readonly EventId CallNeedsAttention = new EventId(1101, nameof(CallNeedsAttention));

        /// <summary>A call got no answer: transport failure, timeout or failed token request (Warning).</summary>
        internal static readonly EventId CallFailed = new EventId(1102, nameof(CallFailed));

        /// <summary>The caller cancelled a call (Debug).</summary>
        internal static readonly EventId CallCancelled = new EventId(1103, nameof(CallCancelled));

        /// <summary>A call is sent again by the opt-in retry handler (Information).</summary>
        internal static readonly EventId CallRetried = new EventId(1104, nameof(CallRetried));

        /// <summary>
        /// The send-limit store failed (Error): it did not answer within <c>StoreTimeout</c> or answered with an error, with
        /// the cause and what the send did (<c>FailClosed</c>: refused; <c>FailOpen</c>: sent without limits); also a send
        /// the store could not take back.
        /// </summary>
        internal static readonly EventId SendLimitStoreUnavailable = new EventId(1105, nameof(SendLimitStoreUnavailable));
    }
}
