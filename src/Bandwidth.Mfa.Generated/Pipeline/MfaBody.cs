using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// Request and response bodies: a request body as UTF-8 JSON bytes, a response body read into memory never past
    /// <see cref="MaxBytes"/>, and parsing that never throws a serializer exception at the caller.
    /// </summary>
    internal static class MfaBody
    {
        /// <summary>The largest body the client reads; every documented body is far below it.</summary>
        internal const int MaxBytes = 64 * 1024;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        /// <summary>The request body as JSON, sent as <c>application/json</c> with a Content-Length.</summary>
        internal static HttpContent Serialize(object body, JsonSerializer serializer)
        {
            // Straight to UTF-8 bytes through a pooled char buffer; the writer's own buffer is pooled too.
            byte[] bytes;
            using (var text = new MfaUtf8BodyWriter())
            {
                using (var writer = new JsonTextWriter(text) { ArrayPool = MfaCharPool.Instance, CloseOutput = false })
                {
                    serializer.Serialize(writer, body);
                }

                bytes = text.ToUtf8();
            }

            var content = new ByteArrayContent(bytes);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
            return content;
        }

        /// <summary>Parses <paramref name="body"/> as <typeparamref name="T"/>; null when it is empty, JSON null or not that JSON.</summary>
        internal static T? TryRead<T>(ArraySegment<byte> body, JsonSerializer serializer)
            where T : class
        {
            try
            {
                return Read<T>(body, serializer);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>Parses <paramref name="body"/> as <typeparamref name="T"/>; null when it is empty or JSON null.</summary>
        /// <exception cref="JsonException">The body is not that JSON.</exception>
        internal static T? Read<T>(ArraySegment<byte> body, JsonSerializer serializer)
            where T : class
        {
            var text = Decode(body);
            if (text.Trim().Length == 0)
            {
                return null;
            }

            // The serializer checks for additional content: trailing text after the value is as broken as a truncated body.
            using (var reader = new JsonTextReader(new StringReader(text)) { ArrayPool = MfaCharPool.Instance })
            {
                return serializer.Deserialize<T>(reader);
            }
        }

        internal static string Decode(ArraySegment<byte> body) => Utf8.GetString(body.Array!, body.Offset, body.Count);

        /// <summary>
        /// Reads the whole body into memory, within what is left of <paramref name="timeout"/> since <paramref name="call"/>
        /// started (most bodies are in memory once the headers are, so most calls never arm a timer).
        /// </summary>
        /// <exception cref="BodyTooLargeException">The body is larger than <see cref="MaxBytes"/>.</exception>
        /// <exception cref="TimeoutException">The body did not arrive within the timeout.</exception>
        internal static Task<ArraySegment<byte>> ReadAsync(HttpContent? content, MfaCall call, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (content == null)
            {
                return Task.FromResult(new ArraySegment<byte>(Array.Empty<byte>()));
            }

            // A body already in memory (or no timeout) needs no timer and no further async step: the read's own task.
            var read = ReadCappedAsync(content, cancellationToken);
            if (read.IsCompleted || (timeout == System.Threading.Timeout.InfiniteTimeSpan && !cancellationToken.CanBeCanceled))
            {
                return read;
            }

            return ReadWithinAsync(read, call, timeout, cancellationToken);
        }

        private static async Task<ArraySegment<byte>> ReadWithinAsync(Task<ArraySegment<byte>> read, MfaCall call, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var left = timeout == System.Threading.Timeout.InfiniteTimeSpan ? timeout : timeout - call.Elapsed;
            using (var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // Ends at the timeout or at the caller's cancellation, whichever comes first; a stream that ignores the
                // token (a handler of yours, .NET Framework's) cannot keep the call past either.
                var delay = Task.Delay(left == System.Threading.Timeout.InfiniteTimeSpan || left > TimeSpan.Zero ? left : TimeSpan.Zero, delayCancellation.Token);
                var first = await Task.WhenAny(read, delay).ConfigureAwait(false);
                delayCancellation.Cancel();
                if (first != read && !read.IsCompleted)
                {
                    // Observe the abandoned read so its failure (the response is disposed next) is never unobserved.
                    _ = read.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new TimeoutException();
                }
            }

            return await read.ConfigureAwait(false);
        }

        /// <summary>Reads at most <see cref="MaxBytes"/> bytes; throws <see cref="BodyTooLargeException"/> past that.</summary>
        internal static async Task<ArraySegment<byte>> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
        {
            var declared = content.Headers.ContentLength;
            if (declared > MaxBytes)
            {
                throw new BodyTooLargeException();
            }

#if NET5_0_OR_GREATER
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
            var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
            using (stream)
            {
                var buffer = new byte[declared.HasValue ? (int)declared.Value + 1 : 1024];
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length > MaxBytes)
                        {
                            throw new BodyTooLargeException();
                        }

                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBytes + 1));
                    }

#if NET5_0_OR_GREATER
                    var read = await stream.ReadAsync(buffer.AsMemory(length, buffer.Length - length), cancellationToken).ConfigureAwait(false);
#else
                    var read = await stream.ReadAsync(buffer, length, buffer.Length - length, cancellationToken).ConfigureAwait(false);
#endif
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > MaxBytes)
                    {
                        throw new BodyTooLargeException();
                    }
                }

                return new ArraySegment<byte>(buffer, 0, length);
            }
        }

        /// <summary>The body is larger than <see cref="MaxBytes"/>.</summary>
        internal sealed class BodyTooLargeException : Exception
        {
        }
    }
}
