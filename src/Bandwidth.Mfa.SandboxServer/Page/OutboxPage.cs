using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>The outbox page's files (index.html, outbox.css and three ES modules: outbox.js the loading, live updates and controls, outbox-view.js the state and rendering, outbox-dom.js small helpers), served from the assembly under a strict CSP.</summary>
    internal static class OutboxPage
    {
        /// <summary>Writes the embedded file <paramref name="name"/> with the page's security headers; 404 when there is none.</summary>
        internal static async Task WriteAsync(HttpContext context, string name, string contentType)
        {
            using var stream = typeof(OutboxPage).Assembly.GetManifestResourceStream("Page/" + name);
            if (stream == null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var headers = context.Response.Headers;
            headers.ContentType = contentType;
            headers.CacheControl = "no-cache";
            headers["X-Content-Type-Options"] = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Content-Security-Policy"] =
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            await stream.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
