using System;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The request failed in transport (connection refused, reset, name resolution, TLS) before a whole answer arrived, or a
    /// handler of yours in the client's HTTP pipeline failed (the original is <see cref="Exception.InnerException"/>).
    /// <see cref="MfaException.Status"/> holds the status when the failure came while the body was arriving.
    /// <see cref="MfaException.RequestMayHaveReachedServer"/> says whether the failure happened before anything was sent.
    /// </summary>
    public sealed class MfaTransportException : MfaException
    {
        /// <summary>Creates the exception, for test doubles.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="requestMayHaveReachedServer">False when the connection could not be made at all.</param>
        /// <param name="innerException">The transport's exception, if any.</param>
        public MfaTransportException(string? operation, bool requestMayHaveReachedServer, Exception? innerException = null)
            : base(Compose(operation, requestMayHaveReachedServer, Diagnostics.MfaRedaction.ServerText(innerException?.Message)), operation, null, requestMayHaveReachedServer, innerException)
        {
        }

        internal MfaTransportException(MfaCall call, bool requestMayHaveReachedServer, Exception innerException)
            : base(call, Compose(call.OperationId, requestMayHaveReachedServer, call.Scrubber.ServerText(innerException.Message)), call.Status == 0 ? (int?)null : call.Status, requestMayHaveReachedServer, innerException)
        {
        }

        // The cause's message quotes the server at times (a status line it could not parse): cleaned as server text.
        private static string Compose(string? operation, bool reached, string? cause) =>
            Describe(operation) + (reached
                ? " failed in transport after the request may have been sent: "
                : " could not connect; nothing was sent: ") + cause;
    }
}
