using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa
{
    /// <summary>The event ids of the client's log lines (category <c>Bandwidth.Mfa</c>).</summary>
    public static class MfaLogEvents
    {
        /// <summary>The log category of the client.</summary>
        public const string Category = "Bandwidth.Mfa";

        /// <summary>A call got an answer (Debug; Warning for 429 and 5xx): operation, status, duration, request id.</summary>
        public static readonly EventId CallCompleted = new EventId(1100, nameof(CallCompleted));

        /// <summary>A call got a 429 or 5xx answer (Warning).</summary>
        public static readonly EventId CallNeedsAttention = new EventId(1101, nameof(CallNeedsAttention));

        /// <summary>A call got no answer: transport failure, timeout or failed token request (Warning).</summary>
        public static readonly EventId CallFailed = new EventId(1102, nameof(CallFailed));

        /// <summary>The caller cancelled a call (Debug).</summary>
        public static readonly EventId CallCancelled = new EventId(1103, nameof(CallCancelled));

        /// <summary>A call is sent again by the opt-in retry handler (Information).</summary>
        public static readonly EventId CallRetried = new EventId(1104, nameof(CallRetried));
    }
}
