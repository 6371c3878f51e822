using System;
using System.Globalization;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The service answered with a success status but a body that cannot be used as the result: HTML from a gateway, an
    /// empty or truncated body, JSON <c>null</c>, wrong types, a body over the size cap, or a verify answer without
    /// <c>valid</c>. The request reached the server: for a send, a code may have been delivered.
    /// </summary>
    public sealed class MfaInvalidResponseException : MfaException
    {
        /// <summary>Creates the exception, for test doubles.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="status">The HTTP status code of the answer.</param>
        /// <param name="problem">What was wrong with the body, in words.</param>
        public MfaInvalidResponseException(string? operation, int status, string problem)
            : base(Compose(operation, status, problem), operation, status, true, null)
        {
        }

        internal MfaInvalidResponseException(MfaCall call, string problem, Exception? innerException)
            : base(call, Compose(call.OperationId, call.Status, problem), call.Status, true, innerException)
        {
        }

        private static string Compose(string? operation, int status, string problem) =>
            Describe(operation) + " got an unreadable answer (HTTP " + status.ToString(CultureInfo.InvariantCulture) + "): " + problem;
    }
}
