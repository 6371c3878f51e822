// Hand-written seam of the generated client (not generated).
using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The service answered with a success status but a body that could not be read as the documented JSON: HTML from a
    /// gateway, an empty or truncated body, JSON <c>null</c>, wrong types, or a body over the size cap. The request reached
    /// the server: for a send, a code may have been delivered.
    /// </summary>
    public sealed class MfaInvalidResponseException : MfaException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="statusCode">The HTTP status code of the answer.</param>
        /// <param name="problem">What was wrong with the body, in words.</param>
        /// <param name="innerException">The parser's exception, if any.</param>
        public MfaInvalidResponseException(string? operation, int statusCode, string problem, Exception? innerException)
            : base(Describe(operation) + " got an unreadable answer (HTTP " + statusCode + "): " + problem, operation, true, innerException)
        {
            StatusCode = statusCode;
        }

        /// <summary>The HTTP status code of the answer.</summary>
        public int StatusCode { get; }

        /// <inheritdoc />
        public override int? Status => StatusCode;
    }

    /// <summary>
    /// The request failed in transport (connection refused, reset, name resolution, TLS) before an answer arrived.
    /// <see cref="MfaException.RequestMayHaveReachedServer"/> says whether the failure happened before anything was sent.
    /// </summary>
    public sealed class MfaTransportException : MfaException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="requestMayHaveReachedServer">False when the connection could not be made at all.</param>
        /// <param name="innerException">The transport's exception.</param>
        public MfaTransportException(string? operation, bool requestMayHaveReachedServer, Exception innerException)
            : base(Describe(operation) + (requestMayHaveReachedServer
                    ? " failed in transport after the request may have been sent: "
                    : " could not connect; nothing was sent: ") + innerException?.Message, operation, requestMayHaveReachedServer, innerException)
        {
        }
    }

    /// <summary>
    /// No answer (or not the whole body) arrived within the configured timeout (<c>HttpClient.Timeout</c>, set from
    /// <c>MfaOptions.Timeout</c>). A caller's own cancellation surfaces as <see cref="OperationCanceledException"/> instead.
    /// <see cref="MfaException.RequestMayHaveReachedServer"/> is false only when the time ran out before sending.
    /// </summary>
    public sealed class MfaTimeoutException : MfaException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="timeout">The timeout that ran out, if known.</param>
        /// <param name="requestMayHaveReachedServer">False when the time ran out before the request was handed to the transport (for example while fetching an OAuth2 token).</param>
        /// <param name="innerException">The cancellation that the timeout caused.</param>
        public MfaTimeoutException(string? operation, TimeSpan? timeout, bool requestMayHaveReachedServer, Exception? innerException)
            : base(Describe(operation) + " timed out" + (timeout.HasValue && timeout.Value != System.Threading.Timeout.InfiniteTimeSpan
                    ? " after " + timeout.Value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s"
                    : string.Empty) + (requestMayHaveReachedServer ? "; the request may have reached the server." : " before anything was sent."), operation, requestMayHaveReachedServer, innerException)
        {
            Timeout = timeout;
        }

        /// <summary>The timeout that ran out, if known.</summary>
        public TimeSpan? Timeout { get; }
    }

    /// <summary>
    /// The OAuth2 token endpoint refused or failed the client-credentials request. The message never holds the client
    /// secret; <see cref="MfaException.Status"/> holds the token endpoint's status, if it answered.
    /// </summary>
    public sealed class MfaAuthenticationException : MfaException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What went wrong, without secrets.</param>
        /// <param name="statusCode">The token endpoint's status code, if it answered.</param>
        /// <param name="innerException">The cause, if any.</param>
        public MfaAuthenticationException(string message, int? statusCode, Exception? innerException)
            : base(message, CurrentOperation, false, innerException)
        {
            _status = statusCode;
        }

        private readonly int? _status;

        /// <inheritdoc />
        public override int? Status => _status;
    }
}
