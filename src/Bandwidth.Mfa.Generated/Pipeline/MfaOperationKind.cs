namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// What an operation is, from the spec's <c>x-mfa-kind</c> (emitted by the template into each
    /// <see cref="MfaOperation"/>): the one place the handlers, the telemetry and the send limits learn it.
    /// </summary>
    internal enum MfaOperationKind
    {
        /// <summary>Neither (an operation without <c>x-mfa-kind</c>): treated as a send wherever that is the safe side.</summary>
        Other,

        /// <summary>Sends a code: billed, reaches a phone; never sent twice once it may have reached the service.</summary>
        Send,

        /// <summary>Verifies a code: not billed, safe to repeat.</summary>
        Verify,
    }
}
