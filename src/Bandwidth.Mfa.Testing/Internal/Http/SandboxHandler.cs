using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// The HTTP face of an <see cref="MfaSandbox"/>. It owns nothing: disposing it (as <c>IHttpClientFactory</c> does when
    /// it rotates handlers) leaves the sandbox and its state untouched, so hand out a new one whenever one is asked for.
    /// </summary>
    internal sealed class SandboxHandler : HttpMessageHandler
    {
        private readonly MfaSandbox _sandbox;

        internal SandboxHandler(MfaSandbox sandbox)
        {
            _sandbox = sandbox;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            return _sandbox.HandleAsync(request, cancellationToken);
        }
    }
}
