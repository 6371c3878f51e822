namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// Where a client's health reports go: the calls' outcomes (from the pipeline), the token requests and the send-limit
    /// store's answers. Implemented beside the health check that reads it (<c>Bandwidth.Mfa.Health.MfaHealthTracker</c>
    /// in Bandwidth.Mfa.Extensions).
    /// </summary>
    internal interface IMfaHealthRecorder
    {
        /// <summary>Records what one call said about reachability (classified once, by <see cref="MfaOutcome"/>).</summary>
        void RecordCall(MfaHealthSignal signal);

        /// <summary>Records whether an OAuth2 token request succeeded.</summary>
        void RecordTokenRequest(bool success);

        /// <summary>Records the send-limit store's answer to one send: <paramref name="cause"/> null when it answered in time.</summary>
        void RecordSendLimitStore(string? cause, bool failClosed);
    }
}
