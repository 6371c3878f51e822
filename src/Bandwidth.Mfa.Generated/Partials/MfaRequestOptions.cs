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

        private const string TransportKey = "Bandwidth.Mfa.Transport";
#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<string> TransportOptionKey = new HttpRequestOptionsKey<string>(TransportKey);
#endif

        /// <summary>Marks that the client's own handlers took the request, so whether it reached the transport is tracked.</summary>
        internal static void MarkAwaitingTransport(HttpRequestMessage request) => SetTransport(request, "awaiting");

        /// <summary>Marks that the request was handed to the transport (the innermost handler of the client's pipeline).</summary>
        internal static void MarkHandedToTransport(HttpRequestMessage request) => SetTransport(request, "handed");

        /// <summary>
        /// Whether the request was handed to the transport: false when the client's handlers took it but failed or timed
        /// out before sending (for example while fetching an OAuth2 token); null when nothing tracked it.
        /// </summary>
        internal static bool? WasHandedToTransport(HttpRequestMessage request)
        {
#if NET5_0_OR_GREATER
            var state = request.Options.TryGetValue(TransportOptionKey, out var value) ? value : null;
#else
            var state = request.Properties.TryGetValue(TransportKey, out var value) ? value as string : null;
#endif
            return state == null ? (bool?)null : state == "handed";
        }

        private static void SetTransport(HttpRequestMessage request, string state)
        {
#if NET5_0_OR_GREATER
            request.Options.Set(TransportOptionKey, state);
#else
            request.Properties[TransportKey] = state;
#endif
        }

        private const string SecretsKey = "Bandwidth.Mfa.Secrets";
        private const string CodeSecretKey = "Bandwidth.Mfa.CodeSecret";
#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<string[]> SecretsOptionKey = new HttpRequestOptionsKey<string[]>(SecretsKey);
        private static readonly HttpRequestOptionsKey<string> CodeSecretOptionKey = new HttpRequestOptionsKey<string>(CodeSecretKey);
#endif

        /// <summary>
        /// Records the credentials an authentication handler put on this request (password, token, their header forms),
        /// so text a server echoes back can be scrubbed of them (see <see cref="MfaScrubber"/>). The array is shared by
        /// the handler, not copied; a later call replaces it (a refreshed token).
        /// </summary>
        internal static void SetSecrets(HttpRequestMessage request, string[] secrets)
        {
#if NET5_0_OR_GREATER
            request.Options.Set(SecretsOptionKey, secrets);
#else
            request.Properties[SecretsKey] = secrets;
#endif
        }

        internal static string[]? GetSecrets(HttpRequestMessage request)
        {
#if NET5_0_OR_GREATER
            return request.Options.TryGetValue(SecretsOptionKey, out var secrets) ? secrets : null;
#else
            return request.Properties.TryGetValue(SecretsKey, out var secrets) ? secrets as string[] : null;
#endif
        }

        /// <summary>Records the secret of the request body (the verification code of a verify), set by the generated call.</summary>
        internal static void SetCodeSecret(HttpRequestMessage request, string code)
        {
#if NET5_0_OR_GREATER
            request.Options.Set(CodeSecretOptionKey, code);
#else
            request.Properties[CodeSecretKey] = code;
#endif
        }

        internal static string? GetCodeSecret(HttpRequestMessage request)
        {
#if NET5_0_OR_GREATER
            return request.Options.TryGetValue(CodeSecretOptionKey, out var code) ? code : null;
#else
            return request.Properties.TryGetValue(CodeSecretKey, out var code) ? code as string : null;
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
