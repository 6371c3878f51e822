using System;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>
    /// One request the sandbox received and how it answered, for assertions such as "the client did not retry".
    /// It holds no credentials, bodies or codes.
    /// </summary>
    public sealed class MfaSandboxRequest
    {
        internal MfaSandboxRequest(MfaSandboxOperation operation, string? accountId, string? authenticationScheme, int? statusCode, string? requestId, DateTimeOffset receivedAt)
        {
            Operation = operation;
            AccountId = accountId;
            AuthenticationScheme = authenticationScheme;
            StatusCode = statusCode;
            RequestId = requestId;
            ReceivedAt = receivedAt;
        }

        /// <summary>What the request asked for.</summary>
        public MfaSandboxOperation Operation { get; }

        /// <summary>The account id of the path, if it had one.</summary>
        public string? AccountId { get; }

        /// <summary>The scheme of the <c>Authorization</c> header (<c>Basic</c>, <c>Bearer</c>), or null when there was none.</summary>
        public string? AuthenticationScheme { get; }

        /// <summary>The HTTP status of the answer; null when no answer was given (a simulated timeout or connection failure).</summary>
        public int? StatusCode { get; }

        /// <summary>The <c>requestId</c> of an error body, when the answer had one.</summary>
        public string? RequestId { get; }

        /// <summary>When the sandbox's clock said the request arrived.</summary>
        public DateTimeOffset ReceivedAt { get; }

        /// <summary>Describes the request.</summary>
        /// <returns>A short description.</returns>
        public override string ToString()
        {
            return Operation + " -> " + (StatusCode.HasValue ? StatusCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")
                + (RequestId != null ? " (requestId " + RequestId + ")" : string.Empty);
        }
    }
}
