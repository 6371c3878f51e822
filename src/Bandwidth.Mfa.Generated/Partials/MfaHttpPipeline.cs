// Hand-written seam of the generated client (not generated).
using System;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The only door between the generated client and <see cref="System.Net.Http.HttpClient"/> (NSwag's
    /// <c>httpClientType</c>). It turns transport failures and timeouts into the client's exception family, tells a
    /// timeout apart from the caller's own cancellation, caps how much of an error body is held in memory, and writes
    /// one log line per call. It never retries.
    /// </summary>
    public sealed class MfaHttpPipeline : IDisposable
    {
        private readonly ILogger _logger;

        /// <summary>Wraps an <see cref="System.Net.Http.HttpClient"/> whose <c>BaseAddress</c> ends with <c>/</c>.</summary>
        /// <param name="httpClient">The client; the pipeline does not own it.</param>
        public MfaHttpPipeline(HttpClient httpClient)
            : this(httpClient, null)
        {
        }

        /// <summary>Wraps an <see cref="System.Net.Http.HttpClient"/> and logs each call to <paramref name="logger"/>.</summary>
        /// <param name="httpClient">The client; the pipeline does not own it.</param>
        /// <param name="logger">Where to log (see <see cref="MfaLogEvents"/>); null for no logging.</param>
        public MfaHttpPipeline(HttpClient httpClient, ILogger? logger)
        {
            HttpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
            _logger = logger ?? NullLogger.Instance;
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
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                response = await HttpClient.SendAsync(request, completionOption, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                var timeout = new MfaTimeoutException(operation, HttpClient.Timeout, exception);
                MfaLog.Failed(_logger, operation, "timeout", Elapsed(started), true, null);
                throw timeout;
            }
            catch (OperationCanceledException)
            {
                MfaLog.Cancelled(_logger, operation, Elapsed(started));
                throw;
            }
            catch (HttpRequestException exception)
            {
                var reached = MayHaveReachedServer(exception);
                MfaLog.Failed(_logger, operation, "transport", Elapsed(started), reached, null);
                throw new MfaTransportException(operation, reached, exception);
            }
            catch (MfaException exception)
            {
                // Raised by a handler of ours (for example a failed OAuth2 token request).
                MfaLog.Failed(_logger, operation, exception.GetType().Name, Elapsed(started), exception.RequestMayHaveReachedServer, exception.Status);
                throw;
            }

            string? requestId = null;
            if (!response.IsSuccessStatusCode && response.Content != null)
            {
                var text = await BufferErrorBodyAsync(response, operation, cancellationToken).ConfigureAwait(false);
                requestId = MfaLog.FindRequestId(text);
            }

            MfaLog.Completed(_logger, operation, (int)response.StatusCode, Elapsed(started), requestId);
            return response;
        }

        /// <summary>Does nothing: the wrapped <see cref="System.Net.Http.HttpClient"/> belongs to whoever created it.</summary>
        public void Dispose()
        {
        }

        /// <summary>
        /// Whether a transport failure may have happened after the request left: false only for failures to connect
        /// (refused, unreachable, name resolution, TLS handshake), where nothing was sent.
        /// </summary>
        internal static bool MayHaveReachedServer(HttpRequestException exception)
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

        private static TimeSpan Elapsed(long started)
        {
            return TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - started) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
        }

        private static async Task<string> BufferErrorBodyAsync(HttpResponseMessage response, string? operation, CancellationToken cancellationToken)
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
            return text;
        }
    }
}
