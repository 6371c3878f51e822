using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// The client's innermost handler, last before the transport (the primary handler): records on the call that the
    /// request was handed over (each attempt), and refuses a redirected answer right there, before any handler of the
    /// client can act on it, so neither the OAuth2 refresh nor an opt-in retry ever re-sends a redirected request.
    /// </summary>
    internal sealed class MfaTransportHandler : DelegatingHandler
    {
        /// <inheritdoc />
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = MfaCall.Of(request);
            if (call == null)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var sentUri = request.RequestUri;
            var sentMethod = request.Method;
            call.MarkHandedToTransport();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var redirect = MfaRedirects.Check(call, sentUri, sentMethod, response);
            if (redirect != null)
            {
                response.Dispose();
                throw redirect;
            }

            return response;
        }
    }
}
