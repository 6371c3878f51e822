// Hand-written seam of the generated client (not generated).
using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The base of every failure of an MFA call: an HTTP error (<see cref="MfaApiException"/>), an answer that could not
    /// be read (<see cref="MfaInvalidResponseException"/>), a transport failure (<see cref="MfaTransportException"/>),
    /// a timeout (<see cref="MfaTimeoutException"/>), a failed token request (<see cref="MfaAuthenticationException"/>) or
    /// a redirect (<see cref="MfaRedirectException"/>).
    /// Messages never hold credentials, codes or full phone numbers: whatever a server echoes back, the secrets the call
    /// sent (password, bearer token, their base64 Basic form, the verification code; at least 4 characters long) are
    /// replaced with <c>***</c> in <see cref="Exception.Message"/>, <see cref="ErrorText"/>, <see cref="RequestId"/>, the
    /// inner exceptions and so in <see cref="Exception.ToString"/>. Only <see cref="MfaApiException.RawResponse"/> holds
    /// the body as it arrived.
    /// </summary>
    public abstract class MfaException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="message">What went wrong.</param>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="requestMayHaveReachedServer">Whether the server may have acted on the request.</param>
        /// <param name="innerException">The cause, if any.</param>
        protected MfaException(string message, string? operation, bool requestMayHaveReachedServer, Exception? innerException)
            : base(MfaScrubber.ForCurrentCall()?.Scrub(message) ?? message, MfaScrubber.ForCurrentCall()?.ScrubChain(innerException) ?? innerException)
        {
            Operation = operation;
            RequestMayHaveReachedServer = requestMayHaveReachedServer;
        }

        /// <summary>The operation id from the spec (<c>generateMessagingCode</c>, <c>generateVoiceCode</c>, <c>verifyCode</c>), if known.</summary>
        public string? Operation { get; }

        /// <summary>The HTTP status code of the answer, or null when no answer arrived.</summary>
        public virtual int? Status => null;

        /// <summary>The service's own error text, if the answer carried one.</summary>
        public virtual string? ErrorText => null;

        /// <summary>The service's request id, if the answer carried one.</summary>
        public virtual string? RequestId => null;

        /// <summary>
        /// Whether the server may have received and acted on the request. When true for a send, a retry can text or call
        /// the user twice; when false, nothing was sent and a retry is safe.
        /// </summary>
        public bool RequestMayHaveReachedServer { get; }

        /// <summary>The operation of the current call, for exceptions built by the generated code.</summary>
        internal static string? CurrentOperation => MfaCallContext.Current?.Operation;

        internal static string Describe(string? operation)
        {
            return operation ?? "MFA call";
        }
    }
}
