using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>Lets IHttpClientFactory rotate and dispose its handler without disposing the shared test handler behind it.</summary>
public sealed class NonDisposingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        // Deliberately does not dispose the inner handler.
    }
}
