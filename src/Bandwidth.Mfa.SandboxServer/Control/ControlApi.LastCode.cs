using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Http;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>The last code of a number, waiting for it when asked: for a flow in which another process sends the code.</summary>
    internal sealed partial class ControlApi
    {
        /// <summary>
        /// <c>GET /sandbox/api/numbers/{to}/last-code[?scope=...][&amp;newerThan=id][&amp;waitSeconds=n]</c>: the newest message
        /// to the number (for the scope, and sent after message <c>newerThan</c>), waiting up to <c>waitSeconds</c> for one
        /// to arrive when there is none yet (for a flow in which another process sends the code).
        /// </summary>
        internal async Task<IResult> LastCodeAsync(string to, HttpContext context)
        {
            var number = Number(to);
            if (number == null)
            {
                return JsonAnswers.Error(HttpStatusCode.BadRequest, NumberRule);
            }

            var query = context.Request.Query;
            string? scope = query["scope"];
            string? newerThan = query["newerThan"];
            var wait = TimeSpan.Zero;
            if (query.TryGetValue("waitSeconds", out var waitText))
            {
                if (!int.TryParse(waitText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 60)
                {
                    return JsonAnswers.Error(HttpStatusCode.BadRequest, "waitSeconds must be a whole number from 0 to 60");
                }

                wait = TimeSpan.FromSeconds(seconds);
            }

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            deadline.CancelAfter(wait);
            while (true)
            {
                // Take the signal before the snapshot, so that a message that lands in between wakes the wait.
                var next = _feed.NextChange;
                var message = Find(_sandbox.Messages, number, scope, newerThan);
                if (message != null)
                {
                    return Results.Json(MessageView.Of(message), JsonAnswers.Options);
                }

                if (wait == TimeSpan.Zero || deadline.IsCancellationRequested)
                {
                    break;
                }

                try
                {
                    await next.WaitAsync(deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            if (_stopping.IsCancellationRequested)
            {
                return JsonAnswers.Error(HttpStatusCode.ServiceUnavailable, "the sandbox server is stopping");
            }

            return JsonAnswers.Error(HttpStatusCode.NotFound, "no code was sent to " + number + (scope == null ? string.Empty : " for scope '" + scope + "'")
                + (newerThan == null ? string.Empty : " after message " + newerThan)
                + (wait == TimeSpan.Zero ? string.Empty : " within " + wait.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s")
                + " (or it left the outbox)");
        }

        private static MfaSandboxMessage? Find(IReadOnlyList<MfaSandboxMessage> messages, string to, string? scope, string? newerThan)
        {
            var first = 0;
            if (newerThan != null)
            {
                for (var i = messages.Count - 1; i >= 0; i--)
                {
                    if (messages[i].Id == newerThan)
                    {
                        first = i + 1;
                        break;
                    }
                }
            }

            for (var i = messages.Count - 1; i >= first; i--)
            {
                var m = messages[i];
                if (m.To == to && (scope == null || m.Scope == scope) && m.Id != newerThan)
                {
                    return m;
                }
            }

            return null;
        }
    }
}
