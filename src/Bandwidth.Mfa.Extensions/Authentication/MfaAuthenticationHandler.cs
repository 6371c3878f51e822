using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Configuration;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Authentication
{
    /// <summary>
    /// The base of the client's authentication handlers: refuses to put credentials on a request that would travel over
    /// plain <c>http://</c> to anything but a loopback address, before anything is sent.
    /// </summary>
    internal abstract class MfaAuthenticationHandler : DelegatingHandler
    {
        /// <summary>Creates a handler for use in an <see cref="IHttpClientFactory"/> pipeline (the factory sets the inner handler).</summary>
        protected MfaAuthenticationHandler()
        {
        }

        /// <inheritdoc />
        protected sealed override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (request.RequestUri == null || !request.RequestUri.IsAbsoluteUri || !MfaOptionsValidator.IsSecureOrLoopback(request.RequestUri))
            {
                // Scheme and host only: Uri.Authority never includes a user name or password of the URL.
                var target = request.RequestUri != null && request.RequestUri.IsAbsoluteUri ? request.RequestUri.Scheme + "://" + request.RequestUri.Authority : request.RequestUri?.OriginalString;
                throw new InvalidOperationException("Refusing to send MFA credentials to '" + target
                    + "': use https (plain http is allowed to a loopback address only).");
            }

            var call = MfaCall.Of(request);
            if (call == null)
            {
                // Only the client's own calls get credentials: a request sent through the named HttpClient by other code
                // (to any host) never does.
                throw new InvalidOperationException("Refusing to add MFA credentials to a request that the MFA client did not make; use IMfaClient or IMfaService.");
            }

            return SendAuthenticatedAsync(request, call, cancellationToken);
        }

        /// <summary>Adds credentials to a request that passed the transport check and sends it.</summary>
        /// <param name="request">The request.</param>
        /// <param name="call">The call it belongs to: where the credentials' secrets are recorded for scrubbing.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        protected abstract Task<HttpResponseMessage> SendAuthenticatedAsync(HttpRequestMessage request, MfaCall call, CancellationToken cancellationToken);

        /// <summary>Sends through the rest of the pipeline.</summary>
        /// <param name="request">The request.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The response.</returns>
        protected Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            return base.SendAsync(request, cancellationToken);
        }
    }
}
