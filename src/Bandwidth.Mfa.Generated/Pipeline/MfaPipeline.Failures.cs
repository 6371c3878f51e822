using System;
using System.Net.Http;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Pipeline
{
    // The exceptions of the family for each way a call can fail, each with its one log line.
    internal sealed partial class MfaPipeline
    {
        /// <summary>A success status whose body cannot be used: the exception, and its one log line (a failure, not a completion).</summary>
        private MfaInvalidResponseException Unusable(MfaCall call, string problem, Exception? cause)
        {
            MfaLog.Failed(_logger, call, "unusable answer", call.Status, true);
            return new MfaInvalidResponseException(call, problem, cause);
        }

        /// <summary>The exception of the family for a failure before an answer arrived; logs it.</summary>
        private Exception Fail(MfaCall call, Exception exception)
        {
            switch (exception)
            {
                case OperationCanceledException _:
                    // Not the caller's token: HttpClient's timeout.
                    var reached = call.MayHaveReachedServer(null);
                    MfaLog.Failed(_logger, call, "timeout", null, reached);
                    return new MfaTimeoutException(call, reached, exception);
                case HttpRequestException transport:
                    var mayHaveReached = call.MayHaveReachedServer(transport);
                    MfaLog.Failed(_logger, call, "transport", null, mayHaveReached);
                    return new MfaTransportException(call, mayHaveReached, transport);
                case MfaException family:
                    // Raised by a handler of ours: a failed OAuth2 token request, an unusable token, a redirect.
                    MfaLog.Failed(_logger, call, FailureOf(family), family.Status, family.RequestMayHaveReachedServer);
                    return family;
                case ArgumentException _:
                case InvalidOperationException _ when call.Attempts == 0:
                    // A usage error raised before anything was sent (an authentication handler refusing plain http to a
                    // remote host): documented as such, left as it is.
                    MfaLog.Failed(_logger, call, exception.GetType().Name, null, false);
                    return exception;
                default:
                    // Anything else a handler threw (a handler or resilience strategy of yours): one exception family.
                    var handlerReached = call.MayHaveReachedServer(exception);
                    MfaLog.Failed(_logger, call, exception.GetType().Name, null, handlerReached);
                    return new MfaTransportException(call, handlerReached, exception);
            }
        }

        private static string FailureOf(MfaException exception) => exception is MfaRedirectException redirect
            ? (redirect.WasFollowed ? "redirect followed by the HTTP handler" : "redirect")
            : exception is MfaSendRefusedException refused ? nameof(MfaSendRefusedException) + ": " + refused.Rule
            : exception.GetType().Name;

        private Exception FailReadingBody(MfaCall call, Exception exception)
        {
            // The status line arrived: an error status means the service refused the request, whatever became of its body.
            var reached = call.MayHaveReachedServerAnswered(call.Status);
            switch (exception)
            {
                case TimeoutException _:
                case OperationCanceledException _:
                    MfaLog.Failed(_logger, call, "timeout reading the body", call.Status, reached);
                    return new MfaTimeoutException(call, reached, exception is TimeoutException ? null : exception);
                case System.IO.IOException _:
                case HttpRequestException _:
                    MfaLog.Failed(_logger, call, "transport while reading the body", call.Status, reached);
                    return new MfaTransportException(call, reached, exception);
                default:
                    MfaLog.Failed(_logger, call, exception.GetType().Name + " while reading the body", call.Status, reached);
                    return new MfaTransportException(call, reached, exception);
            }
        }
    }
}
