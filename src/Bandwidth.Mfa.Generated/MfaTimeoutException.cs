using System;
using System.Globalization;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// No answer (or not the whole body) arrived within the configured timeout (<c>MfaOptions.Timeout</c>). A caller's own
    /// cancellation surfaces as <see cref="OperationCanceledException"/> instead. <see cref="MfaException.RequestMayHaveReachedServer"/>
    /// is false only when the time ran out before the request was handed to the transport (for example while fetching an
    /// OAuth2 token).
    /// </summary>
    public sealed class MfaTimeoutException : MfaException
    {
        /// <summary>Creates the exception, for test doubles.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="timeout">The timeout that ran out, if known.</param>
        /// <param name="requestMayHaveReachedServer">False when the time ran out before anything was sent.</param>
        public MfaTimeoutException(string? operation, TimeSpan? timeout, bool requestMayHaveReachedServer)
            : base(Compose(operation, timeout, requestMayHaveReachedServer), operation, null, requestMayHaveReachedServer, null)
        {
            Timeout = timeout;
        }

        internal MfaTimeoutException(MfaCall call, bool requestMayHaveReachedServer, Exception? innerException)
            : base(call, Compose(call.OperationId, call.Timeout, requestMayHaveReachedServer), call.Status == 0 ? (int?)null : call.Status, requestMayHaveReachedServer, innerException)
        {
            Timeout = call.Timeout;
        }

        /// <summary>The timeout that ran out, if known.</summary>
        public TimeSpan? Timeout { get; }

        private static string Compose(string? operation, TimeSpan? timeout, bool reached) =>
            Describe(operation) + " timed out" + (timeout.HasValue && timeout.Value != System.Threading.Timeout.InfiniteTimeSpan
                ? " after " + timeout.Value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
                : string.Empty) + (reached ? "; the request may have reached the server." : " before anything was sent.");
    }
}
