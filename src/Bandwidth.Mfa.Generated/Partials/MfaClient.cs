// Hand-written half of the generated MfaClient (not generated): the seams NSwag leaves open.
using System.Net.Http;
using Newtonsoft.Json;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The client of the Bandwidth MFA API, generated from <c>openapi/mfa.yml</c>. Requests are relative to
    /// <see cref="HttpClient.BaseAddress"/> (for example <c>https://mfa.bandwidth.com/api/v1/</c>, ending with <c>/</c>).
    /// Every failure surfaces as an <see cref="MfaException"/>; a request that breaks the spec as
    /// <see cref="MfaRequestValidationException"/> before it is sent.
    /// </summary>
    public partial class MfaClient
    {
        /// <summary>Creates a client over an <see cref="HttpClient"/> that has its base address and authentication set.</summary>
        /// <param name="httpClient">The client; the caller owns it.</param>
        public MfaClient(HttpClient httpClient)
            : this(new MfaHttpPipeline(httpClient))
        {
        }

        static partial void UpdateJsonSerializerSettings(JsonSerializerSettings settings)
        {
            settings.ContractResolver = MfaContractResolver.Instance;
        }

        partial void ProcessResponse(MfaHttpPipeline client, HttpResponseMessage response)
        {
            MfaCallContext.Current?.Capture(response);
        }
    }
}
