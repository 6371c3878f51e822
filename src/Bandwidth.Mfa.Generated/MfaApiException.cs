using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Errors;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The service answered with an HTTP error status. Documented statuses arrive as <see cref="MfaApiException{TResult}"/>
    /// with the parsed error body; any other status arrives as this type. Error responses are not billed, except that a
    /// gateway's 502 or 504 may hide a send that happened (<see cref="MfaException.RequestMayHaveReachedServer"/>).
    /// </summary>
    public class MfaApiException : MfaException
    {
        private readonly string? _errorText;
        private readonly string? _requestId;

        /// <summary>Creates the exception, for test doubles of <c>IMfaClient</c> or <c>IMfaService</c> (for example a 429).</summary>
        /// <param name="operation">The operation id, such as <c>verifyCode</c>.</param>
        /// <param name="status">The HTTP status code.</param>
        /// <param name="errorText">The service's error text, if any.</param>
        /// <param name="requestId">The service's request id, if any.</param>
        /// <param name="retryAfter">How long the service asked to wait, if it said.</param>
        public MfaApiException(string? operation, int status, string? errorText = null, string? requestId = null, TimeSpan? retryAfter = null)
            : base(Compose(operation, status, DescriptionOf(status), MfaRedaction.ServerText(errorText), MfaRedaction.RequestId(requestId)), operation, status, MayHaveBeenActedOn(status), null)
        {
            _errorText = MfaRedaction.ServerText(errorText);
            _requestId = MfaRedaction.RequestId(requestId);
            RetryAfter = retryAfter;
            Headers = MfaHeaders.Empty;
        }

        /// <summary>Creates the exception of a call from what the pipeline read of the answer (already scrubbed and cleaned).</summary>
        internal MfaApiException(MfaErrorDetails details, string description)
            : base(Compose(details.Operation, details.Status, description, details.ErrorText, details.RequestIdInSchema ? details.RequestId : null), details.Operation, details.Status, details.MayHaveReachedServer, null)
        {
            RawResponse = details.RawResponse;
            Response = details.Response;
            Headers = details.Headers;
            _errorText = details.ErrorText;
            _requestId = details.RequestId;
            RetryAfter = details.RetryAfter;
        }

        /// <summary>The service's own error text, with phone numbers masked, the call's secrets replaced with <c>***</c> and line breaks escaped.</summary>
        public override string? ErrorText => _errorText;

        /// <inheritdoc />
        public override string? RequestId => _requestId;

        /// <summary>
        /// The body text (at most 64 KiB; empty when it was larger) with every secret the call sent (password, token,
        /// base64 Basic form, verification code) replaced with <c>***</c>, however the server echoed it. Phone numbers
        /// are kept. <see cref="RawResponse"/> is the body as sent.
        /// </summary>
        public string? Response { get; }

        /// <summary>
        /// <b>Raw:</b> the body text exactly as the service sent it (at most 64 KiB; empty when it was larger), not
        /// scrubbed: when the server echoes the request it holds the secrets the call sent. Never part of
        /// <see cref="Exception.Message"/> or <see cref="Exception.ToString"/>; do not log it.
        /// </summary>
        public string? RawResponse { get; }

        /// <summary>The response headers (case-insensitive by name), <b>raw</b>: as the server sent them, not scrubbed; do not log them.</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>How long the service asked the caller to wait (<c>Retry-After</c>, read on the client's clock), if it said.</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>True for 429: too many attempts; wait <see cref="RetryAfter"/> (or a minute or two) before trying again.</summary>
        public bool IsRateLimited => Status == 429;

        private static string Compose(string? operation, int statusCode, string description, string? errorText, string? requestId)
        {
            var text = Describe(operation) + " failed with HTTP " + statusCode.ToString(CultureInfo.InvariantCulture);
            var reason = ReasonOf(statusCode);
            if (reason != null)
            {
                text += " (" + reason + ")";
            }

            text += ": " + description;
            if (!string.IsNullOrWhiteSpace(errorText))
            {
                text += " Service said: \"" + errorText + "\".";
            }

            if (!string.IsNullOrWhiteSpace(requestId))
            {
                text += " Request id: " + requestId + ".";
            }

            return text;
        }

        private static string DescriptionOf(int status) => ReasonOf(status) ?? "an error status";

        // Errors from the service are not billed; a gateway that lost the answer (502, 504) may hide a send that happened,
        // and an undocumented success status (201, 202, 204, ...) means the service took the request.
        private static bool MayHaveBeenActedOn(int statusCode) => MfaCall.MayHaveBeenActedOn(statusCode);

        private static string? ReasonOf(int statusCode)
        {
            var name = ((HttpStatusCode)statusCode).ToString();
            return name == statusCode.ToString(CultureInfo.InvariantCulture) ? null : name;
        }
    }
}
