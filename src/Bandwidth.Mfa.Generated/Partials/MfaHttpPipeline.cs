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
        /// <returns>The response, its body read into memory (up to the size cap) within the same timeout as the send.</returns>
        public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completionOption, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var operation = MfaRequestOptions.GetOperation(request);
            var sentUri = MfaRedirects.Absolute(request.RequestUri, HttpClient.BaseAddress);
            var sentMethod = request.Method;
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;

            // Every way out of this method writes exactly one log line: CallCompleted/CallNeedsAttention for an answer,
            // CallFailed for a failure, CallCancelled for the caller's own cancellation.
            try
            {
                response = await HttpClient.SendAsync(request, completionOption, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
            {
                var reached = MfaRequestOptions.WasHandedToTransport(request) ?? true;
                MfaLog.Failed(_logger, operation, "timeout", Elapsed(started), reached, null);
                throw new MfaTimeoutException(operation, HttpClient.Timeout, reached, exception);
            }
            catch (OperationCanceledException)
            {
                MfaLog.Cancelled(_logger, operation, Elapsed(started));
                throw;
            }
            catch (HttpRequestException exception)
            {
                var reached = MfaRequestOptions.WasHandedToTransport(request) != false && MayHaveReachedServer(exception);
                MfaLog.Failed(_logger, operation, "transport", Elapsed(started), reached, null);
                throw new MfaTransportException(operation, reached, exception);
            }
            catch (MfaException exception)
            {
                // Raised by a handler of ours: a failed OAuth2 token request, an unusable token, a redirect.
                MfaLog.Failed(_logger, operation, FailureOf(exception), Elapsed(started), exception.RequestMayHaveReachedServer, exception.Status);
                throw;
            }
            catch (Exception exception)
            {
                // Anything else a handler threw (a refused insecure address, a handler of yours): logged, then left as it is.
                MfaLog.Failed(_logger, operation, exception.GetType().Name, Elapsed(started), MfaRequestOptions.WasHandedToTransport(request) ?? true, null);
                throw;
            }

            // A redirect is never a result, whatever the primary handler did with it (the client's own handlers do not
            // follow redirects; this also covers an HttpClient or a primary handler of yours that does).
            var redirect = MfaRedirects.Check(operation, sentUri, sentMethod, response);
            if (redirect != null)
            {
                response.Dispose();
                MfaLog.Failed(_logger, operation, FailureOf(redirect), Elapsed(started), true, redirect.Status);
                throw redirect;
            }

            var status = (int)response.StatusCode;
            var text = await BufferBodyAsync(response, operation, started, cancellationToken).ConfigureAwait(false);
            // A request id is the server's text too: one that echoes a secret of the call is scrubbed before it is logged.
            var requestId = text == null ? null : MfaLog.FindRequestId(text);
            requestId = requestId == null ? null : MfaScrubber.Of(request)?.Scrub(requestId) ?? requestId;
            MfaLog.Completed(_logger, operation, status, Elapsed(started), requestId);
            if (text == null && response.IsSuccessStatusCode)
            {
                response.Dispose();
                throw new MfaInvalidResponseException(operation, status, "the body is larger than " + MfaResponseReader.MaxBodyBytes + " bytes", null);
            }

            return response;
        }

        private static string FailureOf(MfaException exception)
        {
            return exception is MfaRedirectException redirect
                ? (redirect.WasFollowed ? "redirect followed by the HTTP handler" : "redirect")
                : exception.GetType().Name;
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

        /// <summary>
        /// Reads the body into memory within what is left of the timeout and replaces the content with the buffer, so
        /// nothing later can stall or read past the cap. Returns the text of an error body, an empty string for a success
        /// body, or null when the body was larger than the cap (an error body is then dropped).
        /// </summary>
        private async Task<string?> BufferBodyAsync(HttpResponseMessage response, string? operation, long started, CancellationToken cancellationToken)
        {
            var original = response.Content;
            if (original == null)
            {
                return string.Empty;
            }

            var timeout = HttpClient.Timeout;
            ArraySegment<byte> body;
            var tooLarge = false;
            try
            {
                var read = MfaResponseReader.ReadCappedBytesAsync(original, cancellationToken);
                if (!read.IsCompleted && timeout != Timeout.InfiniteTimeSpan)
                {
                    // The body is still arriving: it gets what is left of the timeout. (Most bodies are already in
                    // memory once the headers are, so most calls never arm this timer.)
                    var left = timeout - Elapsed(started);
                    using (var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        var delay = Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, delayCancellation.Token);
                        var first = await Task.WhenAny(read, delay).ConfigureAwait(false);
                        delayCancellation.Cancel();
                        if (first == delay && !cancellationToken.IsCancellationRequested && !read.IsCompleted)
                        {
                            response.Dispose();
                            _ = read.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                            MfaLog.Failed(_logger, operation, "timeout reading the body", Elapsed(started), true, (int)response.StatusCode);
                            throw new MfaTimeoutException(operation, timeout, true, null);
                        }
                    }
                }

                body = await read.ConfigureAwait(false);
            }
            catch (MfaResponseReader.BodyTooLargeException)
            {
                body = new ArraySegment<byte>(Array.Empty<byte>());
                tooLarge = true;
            }
            catch (Exception exception) when (exception is System.IO.IOException || exception is HttpRequestException)
            {
                response.Dispose();
                MfaLog.Failed(_logger, operation, "transport while reading the body", Elapsed(started), true, (int)response.StatusCode);
                throw new MfaTransportException(operation, true, exception);
            }
            catch (OperationCanceledException exception)
            {
                response.Dispose();
                if (cancellationToken.IsCancellationRequested)
                {
                    MfaLog.Cancelled(_logger, operation, Elapsed(started));
                    throw;
                }

                // Not the caller's: the content gave up on its own (for example a stream that timed out).
                MfaLog.Failed(_logger, operation, "timeout reading the body", Elapsed(started), true, (int)response.StatusCode);
                throw new MfaTimeoutException(operation, timeout, true, exception);
            }
            catch (Exception exception) when (!(exception is MfaException))
            {
                response.Dispose();
                MfaLog.Failed(_logger, operation, exception.GetType().Name + " while reading the body", Elapsed(started), true, (int)response.StatusCode);
                throw;
            }

            var buffered = new MfaBufferedContent(body);
            foreach (var header in original.Headers)
            {
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            if (buffered.Headers.ContentType != null)
            {
                // The body is read as UTF-8 whatever the server claimed; an unknown charset must not break later reads.
                buffered.Headers.ContentType.CharSet = "utf-8";
            }

            response.Content = buffered;
            original.Dispose();
            if (tooLarge)
            {
                return null;
            }

            return response.IsSuccessStatusCode ? string.Empty : MfaResponseReader.Decode(body);
        }
    }

    /// <summary>A body the pipeline has read into memory; the response reader parses it without copying it again.</summary>
    internal sealed class MfaBufferedContent : ByteArrayContent
    {
        internal MfaBufferedContent(ArraySegment<byte> body)
            : base(body.Array!, body.Offset, body.Count)
        {
            Body = body;
        }

        internal ArraySegment<byte> Body { get; }
    }
}
