using System;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The base of every failure of an MFA call: an HTTP error (<see cref="MfaApiException"/>), an answer that could not
    /// be used (<see cref="MfaInvalidResponseException"/>, <see cref="MfaRedirectException"/>), a transport failure
    /// (<see cref="MfaTransportException"/>), a timeout (<see cref="MfaTimeoutException"/>), a failed token request
    /// (<see cref="MfaAuthenticationException"/>) or a send refused by the opt-in send limits before anything was sent
    /// (<see cref="MfaSendRefusedException"/>). A request that breaks the spec is refused before it is sent with
    /// <see cref="MfaRequestValidationException"/> instead (an <see cref="ArgumentException"/>).
    /// Messages never hold credentials, codes or full phone numbers: whatever a server echoes back, the secrets the call
    /// sent (password, bearer token, client secret, their base64 Basic form, the verification code; at least 4 characters
    /// long) are replaced with <c>***</c> in <see cref="Exception.Message"/>, <see cref="ErrorText"/>,
    /// <see cref="RequestId"/>, the inner exceptions and so in <see cref="Exception.ToString"/>. Only
    /// <see cref="MfaApiException.RawResponse"/> holds a body as it arrived.
    /// </summary>
    public abstract class MfaException : Exception
    {
        /// <summary>Creates the exception (for test doubles; the client builds its own from the call).</summary>
        /// <param name="message">What went wrong.</param>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="status">The HTTP status of the answer, or null when none arrived.</param>
        /// <param name="requestMayHaveReachedServer">Whether the server may have acted on the request.</param>
        /// <param name="innerException">The cause, if any.</param>
        protected MfaException(string message, string? operation, int? status, bool requestMayHaveReachedServer, Exception? innerException)
            : base(MfaRedaction.SingleLine(message ?? string.Empty), innerException)
        {
            Operation = operation;
            Status = status;
            RequestMayHaveReachedServer = requestMayHaveReachedServer;
        }

        /// <summary>Creates the exception of a call: names its operation and scrubs the call's secrets out of the message and the cause.</summary>
        private protected MfaException(MfaCall call, string message, int? status, bool requestMayHaveReachedServer, Exception? innerException)
            : base(MfaRedaction.SingleLine(call.Scrubber.Scrub(message) ?? message), call.Scrubber.ScrubChain(innerException))
        {
            Operation = call.OperationId;
            Status = status;
            RequestMayHaveReachedServer = requestMayHaveReachedServer;
        }

        /// <summary>The operation id from the spec (<c>generateMessagingCode</c>, <c>generateVoiceCode</c>, <c>verifyCode</c>), if known.</summary>
        public string? Operation { get; }

        /// <summary>The HTTP status code of the answer (of the token endpoint for <see cref="MfaAuthenticationException"/>), or null when no answer arrived.</summary>
        public int? Status { get; }

        /// <summary>The service's own error text, if the answer carried one (phone numbers masked, the call's secrets replaced).</summary>
        public virtual string? ErrorText => null;

        /// <summary>The service's request id, if the answer carried one.</summary>
        public virtual string? RequestId => null;

        /// <summary>
        /// Whether the server may have received and acted on the request. When true for a send, a retry can text or call
        /// the user twice; when false, nothing was sent and a retry is safe.
        /// </summary>
        public bool RequestMayHaveReachedServer { get; }

        internal static string Describe(string? operation)
        {
            return operation ?? "MFA call";
        }
    }
}
