using System.Globalization;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// A handler outside the client's own chain (a resilience or retry handler added with
    /// <c>ConfigureHttpClientDefaults</c>, such as .NET Aspire's <c>AddStandardResilienceHandler()</c>, or added on the
    /// builder that <c>AddBandwidthMfa</c> returns, or a hedging handler) tried to send a code again
    /// (<c>generateMessagingCode</c>, <c>generateVoiceCode</c>) after an earlier attempt of the same call may have reached
    /// the service: it was answered 2xx, 502 or 504, it timed out or failed after the request was handed over, or it was
    /// still on the wire. The client refused that attempt right in front of the transport, so it never left the process:
    /// every delivered code texts or calls a person and is billed. The earlier attempt may have delivered a code, so
    /// <see cref="MfaException.RequestMayHaveReachedServer"/> is true. Keep outer retries away from the MFA client (see
    /// the message) and use <c>MfaOptions.Retry</c>, which retries only what cannot reach a phone twice.
    /// </summary>
    public sealed class MfaUnsafeRetryException : MfaException
    {
        /// <summary>What the message tells the reader to do.</summary>
        internal const string Fix = "Keep outer retries off the MFA client: with Microsoft.Extensions.Http.Resilience, call RemoveAllResilienceHandlers() on the builder AddBandwidthMfa returns "
            + "(it also removes a handler added by ConfigureHttpClientDefaults), or configure the standard handler with Retry.DisableForUnsafeHttpMethods(); "
            + "then opt in to MfaOptions.Retry, which retries only what cannot reach a phone twice.";

        /// <summary>Creates the exception, for test doubles.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="attempt">The number of the refused attempt (2 or more).</param>
        /// <param name="reason">Why the earlier attempt may have reached the server, in words; null for none.</param>
        public MfaUnsafeRetryException(string? operation, int attempt, string? reason = null)
            : base(Compose(operation, attempt, reason), operation, null, true, null)
        {
            Attempt = attempt;
        }

        internal MfaUnsafeRetryException(MfaCall call, string reason)
            : base(call, Compose(call.OperationId, call.Attempts + 1, reason), null, true, null)
        {
            Attempt = call.Attempts + 1;
        }

        /// <summary>The number of the attempt that was refused (the first attempt is 1).</summary>
        public int Attempt { get; }

        private static string Compose(string? operation, int attempt, string? reason) =>
            Describe(operation) + ": a retry from outside the client tried to send the billed code again (attempt "
            + attempt.ToString(CultureInfo.InvariantCulture) + (reason == null ? string.Empty : "; " + reason) + ")"
            + ", so a code may already have been delivered; the client refused the attempt and sent nothing more. " + Fix;
    }
}
