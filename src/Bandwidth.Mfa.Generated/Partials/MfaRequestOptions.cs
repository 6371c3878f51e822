// Hand-written seam of the generated client (not generated).
using System.Net.Http;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// Reads what the client attached to an outgoing request, for handlers in the HTTP pipeline
    /// (logging, resilience) that need to know which operation a request belongs to.
    /// </summary>
    public static class MfaRequestOptions
    {
        private const string OperationKey = "Bandwidth.Mfa.Operation";

#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<string> OperationOptionKey = new HttpRequestOptionsKey<string>(OperationKey);
#endif

        /// <summary>The operation id from the spec (for example <c>verifyCode</c>), or null for a request the client did not make.</summary>
        /// <param name="request">The outgoing request.</param>
        /// <returns>The operation id or null.</returns>
        public static string? GetOperation(HttpRequestMessage request)
        {
            if (request == null)
            {
                return null;
            }

#if NET5_0_OR_GREATER
            return request.Options.TryGetValue(OperationOptionKey, out var operation) ? operation : null;
#else
            return request.Properties.TryGetValue(OperationKey, out var operation) ? operation as string : null;
#endif
        }

        internal static void SetOperation(HttpRequestMessage request, string operation)
        {
#if NET5_0_OR_GREATER
            request.Options.Set(OperationOptionKey, operation);
#else
            request.Properties[OperationKey] = operation;
#endif
        }
    }
}
