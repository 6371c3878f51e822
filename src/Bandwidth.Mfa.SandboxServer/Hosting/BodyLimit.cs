using System.IO;
using System.Net;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>
    /// Reads every request body first, on every endpoint, into memory and up to <see cref="MaxBytes"/>, so that no endpoint
    /// meets an oversized or broken body: a larger one is answered with the documented JSON 413 before any endpoint runs,
    /// whether it came with a Content-Length or chunked, and nothing it asked for happens. The endpoints then read the copy.
    /// </summary>
    /// <remarks>
    /// Kestrel's own limit (<see cref="DrainBytes"/>, set on the server) is far above this one, so it never fails a read of
    /// the first <see cref="MaxBytes"/>; it only bounds how much of a refused body Kestrel reads and throws away after the
    /// 413, which lets a client that is still sending read the answer instead of a connection reset.
    /// </remarks>
    internal static class BodyLimit
    {
        /// <summary>The largest request body taken; the API's bodies are a few hundred bytes.</summary>
        internal const int MaxBytes = 64 * 1024;

        /// <summary>How much of a request body Kestrel reads at most; the rest of a refused body is drained up to this.</summary>
        internal const long DrainBytes = 16 * 1024 * 1024;

        internal const string TooLargeText = "the request body is larger than 64 KiB";

        internal static async Task InvokeAsync(HttpContext context, RequestDelegate next)
        {
            var request = context.Request;
            if (!(context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (request.ContentLength > MaxBytes)
            {
                await TooLarge(context).ConfigureAwait(false);
                return;
            }

            byte[]? body;
            try
            {
                body = await ReadAsync(request, context).ConfigureAwait(false);
            }
            catch (BadHttpRequestException exception)
            {
                // Kestrel refused the body itself: a broken chunked encoding (400), or its own size limit (413).
                await (exception.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? TooLarge(context)
                    : JsonAnswers.Error(HttpStatusCode.BadRequest, "the request body could not be read: " + exception.Message).ExecuteAsync(context)).ConfigureAwait(false);
                return;
            }
            catch (IOException)
            {
                // The client went away in the middle of its body: there is nobody to answer.
                context.Abort();
                return;
            }
            catch (System.OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            if (body == null)
            {
                await TooLarge(context).ConfigureAwait(false);
                return;
            }

            request.Body = new MemoryStream(body, writable: false);
            await next(context).ConfigureAwait(false);
        }

        private static Task TooLarge(HttpContext context) =>
            JsonAnswers.Error(HttpStatusCode.RequestEntityTooLarge, TooLargeText).ExecuteAsync(context);

        /// <summary>The whole body, or null as soon as it is larger than <see cref="MaxBytes"/>.</summary>
        private static async Task<byte[]?> ReadAsync(HttpRequest request, HttpContext context)
        {
            using var buffer = new MemoryStream((int)(request.ContentLength ?? 4096));
            var chunk = new byte[8192];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }
}
