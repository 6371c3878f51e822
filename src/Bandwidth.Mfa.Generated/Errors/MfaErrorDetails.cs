using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Errors
{
    /// <summary>
    /// What an error answer says, read once by the pipeline: the body decoded once and scrubbed once, the parsed error
    /// body scrubbed in place, the error text and request id cleaned for messages and log lines, the headers and
    /// Retry-After. <see cref="MfaApiException"/> only carries these values; it neither decodes nor scrubs.
    /// </summary>
    internal sealed class MfaErrorDetails
    {
        // A requestId in a body the client could not parse into its schema (a gateway's JSON, an undocumented status).
        private static readonly Regex RequestIdPattern = new Regex("\"requestId\"\\s*:\\s*\"([A-Za-z0-9-]{1,64})\"", RegexOptions.CultureInvariant);

        private MfaErrorDetails(MfaCall call, string rawResponse, string? response, string? errorText, string? requestId, bool requestIdInSchema)
        {
            RequestIdInSchema = requestIdInSchema;
            Operation = call.OperationId;
            Status = call.Status;
            MayHaveReachedServer = call.MayHaveReachedServerAnswered(call.Status);
            RawResponse = rawResponse;
            Response = response;
            ErrorText = errorText;
            RequestId = requestId;
            Headers = call.Headers ?? MfaHeaders.Empty;
            RetryAfter = MfaHeaders.RetryAfter(MfaHeaders.First(Headers, "Retry-After"), call.Time.GetUtcNow());
        }

        /// <summary>The operation id.</summary>
        internal string Operation { get; }

        /// <summary>The HTTP status of the answer.</summary>
        internal int Status { get; }

        /// <summary>Whether the service may have acted on the request, judged from the status (<see cref="MfaCall.MayHaveReachedServerAnswered"/>).</summary>
        internal bool MayHaveReachedServer { get; }

        /// <summary>The body as it arrived (empty when it was over the size cap).</summary>
        internal string RawResponse { get; }

        /// <summary>The body with the call's secrets replaced.</summary>
        internal string? Response { get; }

        /// <summary>The service's error text, cleaned as server text (secrets, phone numbers, line breaks), or null.</summary>
        internal string? ErrorText { get; }

        /// <summary>The service's request id, cleaned (a UUID kept whole), or null.</summary>
        internal string? RequestId { get; }

        /// <summary>Whether <see cref="RequestId"/> came from the error schema (the message names only such an id).</summary>
        internal bool RequestIdInSchema { get; }

        /// <summary>The response headers, raw.</summary>
        internal IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>How long the service asked the caller to wait, on the call's clock.</summary>
        internal TimeSpan? RetryAfter { get; }

        /// <summary>
        /// Reads an error answer: <paramref name="parsed"/> (the documented error body, or null for an undocumented status)
        /// is scrubbed in place; its error text and request id come from it, the request id from the scrubbed body text
        /// when the schema has none.
        /// </summary>
        internal static MfaErrorDetails Read(MfaCall call, ArraySegment<byte> body, object? parsed)
        {
            var scrubber = call.Scrubber;
            var raw = MfaBody.Decode(body);
            var response = scrubber.Scrub(raw);
            var errorBody = parsed as IMfaErrorBody;
            errorBody?.Scrub(scrubber);
            var inSchema = errorBody?.RequestId;
            var requestId = inSchema ?? FindRequestId(response);
            return new MfaErrorDetails(call, raw, response, MfaRedaction.ServerText(errorBody?.ErrorText), MfaRedaction.RequestId(requestId), inSchema != null);
        }

        /// <summary>The <c>requestId</c> of a body, if it has a well-formed one.</summary>
        internal static string? FindRequestId(string? body)
        {
            if (string.IsNullOrEmpty(body))
            {
                return null;
            }

            var match = RequestIdPattern.Match(body);
            return match.Success ? match.Groups[1].Value : null;
        }
    }
}
