using System;
using Bandwidth.Mfa.Errors;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The service answered with a documented HTTP error status; <see cref="Result"/> holds the parsed error body
    /// (<see cref="MfaRequestError"/> for 400, 429 and 500; <see cref="MfaUnauthorizedRequestError"/> for 401;
    /// <see cref="MfaForbiddenRequestError"/> for 403). When a gateway answered with a body that is not the documented
    /// JSON, <see cref="Result"/> is an empty instance and <see cref="MfaApiException.Response"/> holds the (scrubbed) text.
    /// </summary>
    /// <typeparam name="TResult">The error body type.</typeparam>
    public class MfaApiException<TResult> : MfaApiException
        where TResult : class
    {
        /// <summary>Creates the exception, for test doubles of <c>IMfaClient</c> or <c>IMfaService</c>.</summary>
        /// <param name="operation">The operation id, such as <c>verifyCode</c>.</param>
        /// <param name="status">The HTTP status code.</param>
        /// <param name="result">The error body.</param>
        /// <param name="retryAfter">How long the service asked to wait, if it said.</param>
        public MfaApiException(string? operation, int status, TResult result, TimeSpan? retryAfter = null)
            : base(operation, status, (result as IMfaErrorBody)?.ErrorText, (result as IMfaErrorBody)?.RequestId, retryAfter)
        {
            Result = result ?? throw new ArgumentNullException(nameof(result));
        }

        /// <summary>Creates the exception of a call from what the pipeline read of the answer; <paramref name="result"/> is already scrubbed.</summary>
        internal MfaApiException(MfaErrorDetails details, string description, TResult result)
            : base(details, description)
        {
            Result = result;
        }

        /// <summary>The parsed error body, with the call's secrets replaced with <c>***</c> in its text (the raw body is <see cref="MfaApiException.RawResponse"/>).</summary>
        public TResult Result { get; }
    }
}
