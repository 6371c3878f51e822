// Hand-written seam of the generated client (not generated).
using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// Reads response bodies for the generated client (buffered by <see cref="MfaHttpPipeline"/>, never more than
    /// <see cref="MaxBodyBytes"/> bytes), and a body that is not the documented JSON becomes <see cref="MfaInvalidResponseException"/> (success statuses) or an empty error
    /// body with the text kept (error statuses), never a serializer exception.
    /// </summary>
    internal static class MfaResponseReader
    {
        /// <summary>The largest body the client reads; every documented body is far below it.</summary>
        internal const int MaxBodyBytes = 64 * 1024;

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        internal static async Task<(T Value, string Text)> ReadAsync<T>(HttpResponseMessage response, JsonSerializerSettings settings, CancellationToken cancellationToken)
        {
            var operation = MfaCallContext.Current?.Operation;
            var status = (int)response.StatusCode;
            var success = status >= 200 && status < 300;
            // MfaHttpPipeline has already read the body into memory, within the size cap and the timeout.
            var text = response.Content is MfaBufferedContent buffered
                ? Decode(buffered.Body)
                : await ReadCappedAsync(response.Content, cancellationToken).ConfigureAwait(false) ?? string.Empty;

            if (text.Trim().Length == 0)
            {
                if (success)
                {
                    throw new MfaInvalidResponseException(operation, status, "the body is empty; expected " + typeof(T).Name + " as JSON", null);
                }

                return (CreateEmpty<T>(), text);
            }

            try
            {
                var value = JsonConvert.DeserializeObject<T>(text, settings);
                if (value == null)
                {
                    if (success)
                    {
                        throw new MfaInvalidResponseException(operation, status, "the body is JSON null; expected " + typeof(T).Name, null);
                    }

                    return (CreateEmpty<T>(), text);
                }

                if (success && value is IMfaSuccessRules rules && rules.ProblemOfSuccess() is string problem)
                {
                    // Outside the try: this is not a parser failure.
                    throw new MfaInvalidResponseException(operation, status, problem, null);
                }

                return (value, text);
            }
            catch (JsonException exception)
            {
                if (success)
                {
                    throw new MfaInvalidResponseException(operation, status, "the body is not " + typeof(T).Name + " as JSON (" + ContentTypeOf(response) + ")", exception);
                }

                return (CreateEmpty<T>(), text);
            }
        }

        /// <summary>Reads at most <see cref="MaxBodyBytes"/> bytes as UTF-8 text; throws <see cref="BodyTooLargeException"/> past that.</summary>
        internal static async Task<string?> ReadCappedAsync(HttpContent? content, CancellationToken cancellationToken)
        {
            if (content == null)
            {
                return null;
            }

            var body = await ReadCappedBytesAsync(content, cancellationToken).ConfigureAwait(false);
            return Utf8.GetString(body.Array!, body.Offset, body.Count);
        }

        /// <summary>Reads at most <see cref="MaxBodyBytes"/> bytes; throws <see cref="BodyTooLargeException"/> past that.</summary>
        internal static async Task<ArraySegment<byte>> ReadCappedBytesAsync(HttpContent content, CancellationToken cancellationToken)
        {
            var declared = content.Headers.ContentLength;
            if (declared > MaxBodyBytes)
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
                        if (buffer.Length > MaxBodyBytes)
                        {
                            throw new BodyTooLargeException();
                        }

                        Array.Resize(ref buffer, Math.Min(buffer.Length * 2, MaxBodyBytes + 1));
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
                    if (length > MaxBodyBytes)
                    {
                        throw new BodyTooLargeException();
                    }
                }

                return new ArraySegment<byte>(buffer, 0, length);
            }
        }

        internal static string Decode(ArraySegment<byte> body) => Utf8.GetString(body.Array!, body.Offset, body.Count);

        private static string ContentTypeOf(HttpResponseMessage response)
        {
            return "Content-Type: " + (response.Content?.Headers.ContentType?.MediaType ?? "none");
        }

        private static T CreateEmpty<T>()
        {
            try
            {
                return Activator.CreateInstance<T>();
            }
            catch (MissingMethodException)
            {
                return default!;
            }
        }

        internal sealed class BodyTooLargeException : Exception
        {
        }
    }
}
