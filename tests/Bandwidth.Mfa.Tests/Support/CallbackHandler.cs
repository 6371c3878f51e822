using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>An HTTP handler that answers with a callback, which sees the request's cancellation token.</summary>
public sealed class CallbackHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        answer(request, cancellationToken);
}
