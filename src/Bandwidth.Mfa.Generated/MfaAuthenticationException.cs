using System;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The OAuth2 token endpoint refused or failed the client-credentials request, or issued a token that cannot be sent.
    /// The message never holds the client secret or a token, whatever the endpoint echoes back;
    /// <see cref="MfaException.Status"/> holds the token endpoint's status, if it answered. Nothing was sent to the MFA API.
    /// </summary>
    public sealed class MfaAuthenticationException : MfaException
    {
        /// <summary>Creates the exception, for test doubles.</summary>
        /// <param name="operation">The operation id of the call that needed the token, if known.</param>
        /// <param name="message">What went wrong, without secrets.</param>
        /// <param name="status">The token endpoint's status code, if it answered.</param>
        /// <param name="innerException">The cause, if any.</param>
        public MfaAuthenticationException(string? operation, string message, int? status, Exception? innerException = null)
            : base(message, operation, status, false, innerException)
        {
        }

        internal MfaAuthenticationException(MfaCall call, string message, int? status, Exception? innerException)
            : base(call, message, status, false, innerException)
        {
        }
    }
}
