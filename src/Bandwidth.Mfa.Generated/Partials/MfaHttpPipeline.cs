// Hand-written seam of the generated client (not generated).
using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The only door between the generated client and <see cref="System.Net.Http.HttpClient"/> (NSwag's
    /// <c>httpClientType</c>). It turns transport failures and timeouts into the client's exception family, tells a
    /// timeout apart from the caller's own cancellation, and caps how much of an error body is held in memory.
    /// It never retries.
    /// </summary>
    public sealed class MfaHttpPipeline : IDisposable
    {
        /// <summary>Wraps an <see cref="System.Net.Http.HttpClient"/> whose <c>BaseAddress</c> ends with <c>/</c>.</summary>
        /// <param name="httpClient">The client; the pipeline does not own it.</param>
        public MfaHttpPipeline(HttpClient httpClient)
        {
            HttpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        }

        /// <summary>The wrapped client.</summary>
        public HttpClient HttpClient { get; }

        /// <summary>Sends a request; see the type's summary for how failures surface.</summary>
        /// <param name="request">The request.</param>
        /// <param name="completionOption">When the call completes.</param>
        /// <param name="cancellationToken">The caller's cancellation.</param>
        /// <returns>The response; an error status has its body buffered up to the size cap.</returns>
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationToken cancellationToken)
        {
            var operation = MfaRequestOptions.GetOperation(request);
            HttpResponseMessage response;
            try
            {
                response = await HttpClient.SendAsync(request, completionOption, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                throw new MfaTimeoutException(operation, HttpClient.Timeout, exception);
            }
            catch (HttpRequestException exception)
            {
                throw new MfaTransportException(operation, MayHaveReachedServer(exception), exception);
            }

            if (!response.IsSuccessStatusCode && response.Content != null)
            {
                await BufferErrorBodyAsync(response, operation, cancellationToken).ConfigureAwait(false);
            }

            return response;
        }

        /// <summary>Does nothing: the wrapped <see cref="System.Net.Http.HttpClient"/> belongs to whoever created it.</summary>
        public void Dispose()
        {
        }

        private static async Task BufferErrorBodyAsync(HttpResponseMessage response, string? operation, CancellationToken cancellationToken)
        {
            var original = response.Content;
            string text;
            try
            {
                text = await MfaResponseReader.ReadCappedAsync(original, cancellationToken).ConfigureAwait(false) ?? string.Empty;
            }
            catch (MfaResponseReader.BodyTooLargeException)
            {
                text = string.Empty;
            }
            catch (Exception exception) when (exception is System.IO.IOException || exception is HttpRequestException)
            {
                response.Dispose();
                throw new MfaTransportException(operation, true, exception);
            }

            var buffered = new StringContent(text);
            buffered.Headers.Clear();
            foreach (var header in original.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            response.Content = buffered;
            original.Dispose();
        }

        private static bool MayHaveReachedServer(HttpRequestException exception)
        {
#if NET8_0_OR_GREATER
            switch (exception.HttpRequestError)
            {
                case HttpRequestError.ConnectionError:
                case HttpRequestError.NameResolutionError:
                case HttpRequestError.SecureConnectionError:
                case HttpRequestError.ProxyTunnelError:
                    return false;
            }
#endif
            for (Exception? inner = exception.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.TryAgain:
                            return false;
                    }
                }
            }

            return true;
        }
    }
}
