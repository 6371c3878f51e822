using System;
using System.Diagnostics;
using Bandwidth.Mfa.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// The client's innermost handler, last before the transport (the primary handler): records on the call that the
    /// request was handed over (each attempt), and refuses a redirected answer right there, before any handler of the
    /// client can act on it, so neither the OAuth2 refresh nor an opt-in retry ever re-sends a redirected request.
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
            call.MarkHandedToTransport();
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
            var response = await sending.ConfigureAwait(false);
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
