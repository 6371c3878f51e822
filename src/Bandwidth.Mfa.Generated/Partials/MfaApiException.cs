// Hand-written seam of the generated client (not generated).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The service answered with an HTTP error status. Documented statuses arrive as <see cref="MfaApiException{TResult}"/>
    /// with the parsed error body; any other status arrives as this type. Error responses are not billed.
    /// </summary>
    public class MfaApiException : MfaException
    {
        /// <summary>Creates the exception; the generated client calls this.</summary>
        /// <param name="message">What the spec says the status means.</param>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="response">The body text as read (capped), or null.</param>
        /// <param name="headers">The response headers.</param>
        /// <param name="innerException">The cause, if any.</param>
        public MfaApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, Exception? innerException)
            : this(message, statusCode, response, headers, null, null, innerException)
        {
        }

        /// <summary>Creates the exception with the error text and request id taken from a parsed body.</summary>
        /// <param name="message">What the spec says the status means.</param>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="response">The body text as read (capped), or null.</param>
        /// <param name="headers">The response headers.</param>
        /// <param name="errorText">The service's error text.</param>
        /// <param name="requestId">The service's request id.</param>
        /// <param name="innerException">The cause, if any.</param>
        protected MfaApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, string? errorText, string? requestId, Exception? innerException)
            : base(Compose(CurrentOperation, statusCode, message, errorText, requestId), CurrentOperation, MayHaveBeenActedOn(statusCode), innerException)
        {
            var scrubber = MfaScrubber.ForCurrentCall();
            StatusCode = statusCode;
            RawResponse = response;
            Response = scrubber == null ? response : scrubber.Scrub(response);
            Headers = headers ?? MfaHeaders.Empty;
            _errorText = scrubber == null ? errorText : scrubber.Scrub(errorText);
            _requestId = scrubber == null ? requestId : scrubber.Scrub(requestId);
            RetryAfter = MfaHeaders.RetryAfter(MfaHeaders.First(Headers, "Retry-After"), DateTimeOffset.UtcNow);
        }

        private readonly string? _errorText;
        private readonly string? _requestId;

        /// <summary>The HTTP status code.</summary>
        public int StatusCode { get; }

        /// <inheritdoc />
        public override int? Status => StatusCode;

        /// <summary>The service's own error text, with phone numbers masked and the call's secrets replaced with <c>***</c>.</summary>
        public override string? ErrorText => _errorText == null ? null : MfaRedaction.Text(_errorText);

        /// <inheritdoc />
        public override string? RequestId => _requestId;

        /// <summary>
        /// The body text (at most 64 KiB; empty when it was larger) with every secret the call sent (password, token,
        /// base64 Basic form, verification code) replaced with <c>***</c>, however the server echoed it. Phone numbers
        /// are kept. Safe to log as far as the client's own secrets go; <see cref="RawResponse"/> is the body as sent.
        /// </summary>
        public string? Response { get; }

        /// <summary>
        /// <b>Raw:</b> the body text exactly as the service sent it (at most 64 KiB; empty when it was larger), not
        /// scrubbed: when the server echoes the request it holds the secrets the call sent. Never part of
        /// <see cref="Exception.Message"/> or <see cref="Exception.ToString"/>; do not log it.
        /// </summary>
        public string? RawResponse { get; }

        /// <summary>The response headers.</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>How long the service asked the caller to wait (<c>Retry-After</c>), if it said.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>True for 429: too many attempts; wait <see cref="RetryAfter"/> (or a minute or two) before trying again.</summary>
        public bool IsRateLimited => StatusCode == 429;

        private static string Compose(string? operation, int statusCode, string description, string? errorText, string? requestId)
        {
            var text = MfaException.Describe(operation) + " failed with HTTP " + statusCode.ToString(CultureInfo.InvariantCulture);
            var reason = ReasonOf(statusCode);
            if (reason != null)
            {
                text += " (" + reason + ")";
            }

            text += ": " + description;
            if (!string.IsNullOrWhiteSpace(errorText))
            {
                // Secrets first, then phone numbers: masking a long numeric secret as a number would leave pieces of it.
                var scrubbed = MfaScrubber.ForCurrentCall()?.Scrub(errorText) ?? errorText!;
                text += " Service said: \"" + MfaRedaction.Text(scrubbed) + "\".";
            }

            if (!string.IsNullOrWhiteSpace(requestId))
            {
                text += " Request id: " + requestId + ".";
            }

            return text;
        }

        // Errors from the service are not billed; a gateway that lost the answer (502, 504) may hide a send that happened,
        // and an undocumented success status (201, 202, 204, ...) means the service took the request.
        private static bool MayHaveBeenActedOn(int statusCode)
        {
            return (statusCode >= 200 && statusCode < 300) || statusCode == 502 || statusCode == 504;
        }

        private static string? ReasonOf(int statusCode)
        {
            var name = ((HttpStatusCode)statusCode).ToString();
            return name == statusCode.ToString(CultureInfo.InvariantCulture) ? null : name;
        }
    }

    /// <summary>
    /// The service answered with a documented HTTP error status; <see cref="Result"/> holds the parsed error body
    /// (<see cref="MfaRequestError"/> for 400, 429 and 500; <see cref="MfaUnauthorizedRequestError"/> for 401;
    /// <see cref="MfaForbiddenRequestError"/> for 403). When a gateway answered with a body that is not the documented
    /// JSON, <see cref="Result"/> is an empty instance and <see cref="MfaApiException.Response"/> holds the (scrubbed) text.
    /// </summary>
    /// <typeparam name="TResult">The error body type.</typeparam>
    public class MfaApiException<TResult> : MfaApiException
    {
        /// <summary>Creates the exception; the generated client calls this.</summary>
        /// <param name="message">What the spec says the status means.</param>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="response">The body text as read (capped), or null.</param>
        /// <param name="headers">The response headers.</param>
        /// <param name="result">The parsed error body.</param>
        /// <param name="innerException">The cause, if any.</param>
        public MfaApiException(string message, int statusCode, string? response, IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result, Exception? innerException)
            : base(message, statusCode, response, headers, MfaErrorBody.TextOf(result), MfaErrorBody.RequestIdOf(result), innerException)
        {
            MfaScrubber.ForCurrentCall()?.ScrubBody(result);
            Result = result;
        }

        /// <summary>The parsed error body, with the call's secrets replaced with <c>***</c> in its text (the raw body is <see cref="MfaApiException.RawResponse"/>).</summary>
        public TResult Result { get; }
    }
}
