using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>
    /// Serves the MFA API (and the OAuth2 token endpoint) from the in-process <see cref="MfaSandbox"/>: each HTTP request
    /// becomes an <see cref="HttpRequestMessage"/> for the sandbox's own handler, and its answer is written back as it is.
    /// The sandbox decides everything (routes, credentials, bodies, failures); this class only carries bytes.
    /// </summary>
    internal sealed class ApiBridge : IDisposable
    {
        private readonly HttpMessageInvoker _sandbox;

        internal ApiBridge(MfaSandbox sandbox)
        {
            _sandbox = new HttpMessageInvoker(sandbox.CreateHandler(), disposeHandler: true);
        }

        public void Dispose() => _sandbox.Dispose();

        internal async Task HandleAsync(HttpContext context)
        {
            // A stopping server does not wait for an answer the sandbox holds back (an injected timeout): Kestrel's graceful
            // stop would wait for it up to its 30 s limit.
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            var aborted = ended.Token;
            var body = await ReadBodyAsync(context.Request, aborted).ConfigureAwait(false);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri("http://sandbox" + context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent()));
            if (body.Length > 0 || context.Request.ContentType != null)
            {
                request.Content = new ByteArrayContent(body);
            }

            foreach (var header in context.Request.Headers)
            {
                if (string.Equals(header.Key, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var value = header.Value.ToString();
                if (!request.Headers.TryAddWithoutValidation(header.Key, value))
                {
                    request.Content?.Headers.TryAddWithoutValidation(header.Key, value);
                }
            }

            HttpResponseMessage response;
            try
            {
                response = await _sandbox.SendAsync(request, aborted).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // An injected connection failure: drop the connection without an answer, as a failing network would.
                context.Abort();
                return;
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                // The client gave up (an injected timeout outlived its patience), or the server is stopping: no answer,
                // as a server that goes away gives none.
                context.Abort();
                return;
            }

            using (response)
            {
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var header in response.Headers)
                {
                    if (!string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.Headers[header.Key] = header.Value is string[] values ? values : new System.Collections.Generic.List<string>(header.Value).ToArray();
                    }
                }

                foreach (var header in response.Content.Headers)
                {
                    if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                    {
                        context.Response.Headers[header.Key] = new System.Collections.Generic.List<string>(header.Value).ToArray();
                    }
                }

                var bytes = await response.Content.ReadAsByteArrayAsync(aborted).ConfigureAwait(false);
                if (BodilessStatuses.Contains(context.Response.StatusCode))
                {
                    // Kestrel refuses a Content-Length (even 0) and any body with these.
                    return;
                }

                context.Response.ContentLength = bytes.Length;
                await context.Response.Body.WriteAsync(bytes, aborted).ConfigureAwait(false);
            }
        }

        /// <summary>The whole body, which <see cref="BodyLimit"/> has already read into memory and bounded.</summary>
        private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            return buffer.ToArray();
        }
    }
}
