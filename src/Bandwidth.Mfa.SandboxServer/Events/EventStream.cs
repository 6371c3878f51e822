using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Http;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>The event stream of the outbox page: the sandbox's version, sent at once and after every change.</summary>
    internal static class EventStream
    {
        /// <summary>How often an idle event stream gets a comment line, so that proxies and browsers keep it open.</summary>
        private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

        /// <summary>
        /// <c>GET /sandbox/events</c>: server-sent events. One <c>change</c> event with the sandbox's version at once, then one
        /// after every change (bursts coalesce), and a comment line when idle; the page refetches the outbox on each event.
        /// </summary>
        internal static async Task WriteAsync(HttpContext context, ChangeFeed feed, MfaSandbox sandbox, CancellationToken stopping)
        {
            using var done = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Accel-Buffering"] = "no";
            long sent = -1;
            try
            {
                while (!done.IsCancellationRequested)
                {
                    var next = feed.NextChange;
                    var version = sandbox.Version;
                    if (version != sent)
                    {
                        await response.WriteAsync("event: change\ndata: {\"version\":" + version.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}\n\n", Encoding.UTF8, done.Token).ConfigureAwait(false);
                        await response.Body.FlushAsync(done.Token).ConfigureAwait(false);
                        sent = version;
                    }

                    // The keep-alive timer of this round is cancelled when a change wins, so busy streams do not pile up timers.
                    using var round = CancellationTokenSource.CreateLinkedTokenSource(done.Token);
                    var idle = Task.Delay(KeepAlive, round.Token);
                    var woke = await Task.WhenAny(next, idle).ConfigureAwait(false);
                    round.Cancel();
                    if (woke == idle && !done.IsCancellationRequested)
                    {
                        await response.WriteAsync(": keep-alive\n\n", Encoding.UTF8, done.Token).ConfigureAwait(false);
                        await response.Body.FlushAsync(done.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                // The page went away or the server is stopping.
            }
        }
    }
}
