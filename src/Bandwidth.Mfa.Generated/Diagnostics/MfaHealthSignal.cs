namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>What one call says about the service's reachability (<see cref="MfaOutcome.Health"/>).</summary>
    internal enum MfaHealthSignal
    {
        /// <summary>Nothing new (cancelled by the caller, a refused token, an unusable answer, a refused send).</summary>
        None,

        /// <summary>The server answered as it meant to (a success or a 4xx): resets the failure streak.</summary>
        Answered,

        /// <summary>A transport failure.</summary>
        Transport,

        /// <summary>A timeout.</summary>
        Timeout,

        /// <summary>A 5xx answer.</summary>
        ServerError,
    }
}
