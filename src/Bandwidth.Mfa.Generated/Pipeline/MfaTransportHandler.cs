using System;
using System.Diagnostics;
using Bandwidth.Mfa.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// The last handler before the primary handler (the socket): it wraps the primary handler itself, so every attempt
    /// passes it, whoever started it (the client's opt-in retry, the OAuth2 refresh, or a resilience or hedging handler of
    /// the application, added by <c>ConfigureHttpClientDefaults</c> or on the builder, wherever it sits). It records on the
    /// call each attempt and what it got (an answer's status, or a failure); refuses a second attempt of a send that may
    /// already have reached the server (<see cref="MfaUnsafeRetryException"/>, see <see cref="MfaCall.BeginAttempt"/>);
    /// and refuses a redirected answer right there, before any handler can act on it, so neither the OAuth2 refresh nor a
    /// retry ever re-sends a redirected request.
    /// </summary>
    internal sealed class MfaTransportHandler : DelegatingHandler
    {
        /// <inheritdoc />
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = MfaCall.Of(request);
            if (call == null)
            {
                return base.SendAsync(request, cancellationToken);
            }

            var sentUri = request.RequestUri;
            var sentMethod = request.Method;
            var refusal = call.BeginAttempt();
            if (refusal != null)
            {
                // Never on the wire: the earlier attempt may have delivered a billed code.
                return Task.FromException<HttpResponseMessage>(new MfaUnsafeRetryException(call, refusal));
            }

            var activity = call.Activity;
            if (activity != null && activity.IsAllDataRequested)
            {
                // One event per attempt, the attempt number only: a retry shows on the call's span.
                activity.AddEvent(new ActivityEvent(MfaTelemetry.AttemptEvent, tags: new ActivityTagsCollection { { MfaTelemetry.AttemptTag, call.Attempts } }));
            }


            // A handler that throws instead of returning a faulted task throws to HttpClient, which awaits this chain
            // inside its own try block: the same as a faulted task to every caller.
            var sending = base.SendAsync(request, cancellationToken);

            // An answer that is already there (an in-memory handler, a test double) is checked without an async step.
#if NET5_0_OR_GREATER
            if (sending.IsCompletedSuccessfully)
#else
            if (sending.Status == TaskStatus.RanToCompletion)
#endif
            {
                call.RecordAnswer((int)sending.Result.StatusCode);
                var redirect = MfaRedirects.Check(call, sentUri, sentMethod, sending.Result);
                if (redirect == null)
                {
                    return sending;
                }

                sending.Result.Dispose();
                return Task.FromException<HttpResponseMessage>(redirect);
            }

            return CheckWhenAnsweredAsync(sending, call, sentUri, sentMethod);
        }

        private static async Task<HttpResponseMessage> CheckWhenAnsweredAsync(Task<HttpResponseMessage> sending, MfaCall call, Uri? sentUri, HttpMethod sentMethod)
        {
            HttpResponseMessage response;
            try
            {
                response = await sending.ConfigureAwait(false);
            }
            catch (Exception failure)
            {
                call.RecordFailure(failure);
                throw;
            }

            call.RecordAnswer((int)response.StatusCode);
            var redirect = MfaRedirects.Check(call, sentUri, sentMethod, response);
            if (redirect != null)
            {
                response.Dispose();
                throw redirect;
            }

            return response;
        }
    }
}
