using System;
using System.Globalization;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// How one call ended, classified once where the call ends (<c>MfaPipeline.End</c>) and read by the span, the
    /// measurements and the client's health tracker alike. Every value is bounded: no message, phone number, code or
    /// account id.
    /// </summary>
    internal readonly struct MfaOutcome
    {
        private MfaOutcome(int status, string? errorType, string? counterOutcome, bool? valid, MfaSendLimitRule? refusedRule, MfaHealthSignal health)
        {
            Status = status;
            ErrorType = errorType;
            CounterOutcome = counterOutcome;
            Valid = valid;
            RefusedRule = refusedRule;
            Health = health;
        }

        /// <summary>The HTTP status of the answer, or 0 when none arrived.</summary>
        internal int Status { get; }

        /// <summary>
        /// The bounded <c>error.type</c> of a failed call, or null on success: the status code for an error answer,
        /// <c>timeout</c>, <c>transport</c>, <c>redirect</c>, <c>invalid_response</c>, <c>authentication</c> (a failed OAuth2
        /// token request), <c>send_refused</c> (the opt-in send limits), <c>unsafe_retry</c> (a retry from outside the client
        /// refused), <c>cancelled</c> (the caller's token), or the full type name of anything else a handler threw.
        /// </summary>
        internal string? ErrorType { get; }

        /// <summary>
        /// The <c>outcome</c> tag of the send or verification counter: for a send <c>accepted</c>, <c>rejected</c> (4xx),
        /// <c>refused</c> (send limits) or <c>failed</c>; for a verify <c>valid</c>, <c>invalid</c>, <c>rate_limited</c> or
        /// <c>failed</c>; null for an operation that is neither.
        /// </summary>
        internal string? CounterOutcome { get; }

        /// <summary>The verification's answer (a verify that succeeded), or null.</summary>
        internal bool? Valid { get; }

        /// <summary>The send-limit rule that refused the send, or null.</summary>
        internal MfaSendLimitRule? RefusedRule { get; }

        /// <summary>What the call says about the service's reachability, for the health tracker.</summary>
        internal MfaHealthSignal Health { get; }

        /// <summary>Classifies a call that ended with <paramref name="result"/> or <paramref name="exception"/>.</summary>
        internal static MfaOutcome Of(MfaCall call, object? result, Exception? exception, bool cancelledByCaller)
        {
            var operation = call.Operation;
            bool? valid = operation.IsVerify ? (result as VerifyCodeResponse)?.Valid : null;
            var apiStatus = (exception as MfaApiException)?.Status;
            string? counter = null;
            if (operation.Kind == MfaOperationKind.Send)
            {
                counter = exception == null ? "accepted"
                    : apiStatus >= 400 && apiStatus < 500 ? "rejected"
                    : exception is MfaSendRefusedException ? "refused"
                    : "failed";
            }
            else if (operation.IsVerify)
            {
                counter = exception == null ? (valid == true ? "valid" : "invalid")
                    : apiStatus == 429 ? "rate_limited"
                    : "failed";
            }

            return new MfaOutcome(
                call.Status,
                exception == null ? null : ErrorTypeOf(exception, cancelledByCaller),
                counter,
                valid,
                (exception as MfaSendRefusedException)?.Rule,
                HealthOf(exception));
        }

        private static string ErrorTypeOf(Exception exception, bool cancelledByCaller)
        {
            switch (exception)
            {
                case MfaApiException api:
                    return (api.Status ?? 0).ToString(CultureInfo.InvariantCulture);
                case MfaTimeoutException _:
                    return "timeout";
                case MfaTransportException _:
                    return "transport";
                case MfaRedirectException _:
                    return "redirect";
                case MfaInvalidResponseException _:
                    return "invalid_response";
                case MfaAuthenticationException _:
                    return "authentication";
                case MfaSendRefusedException _:
                    return "send_refused";
                case MfaUnsafeRetryException _:
                    return "unsafe_retry";
                case OperationCanceledException _ when cancelledByCaller:
                    return "cancelled";
                default:
                    return exception.GetType().FullName ?? "unknown";
            }
        }

        private static MfaHealthSignal HealthOf(Exception? exception)
        {
            switch (exception)
            {
                case null:
                    return MfaHealthSignal.Answered;
                case MfaTransportException _:
                    return MfaHealthSignal.Transport;
                case MfaTimeoutException _:
                    return MfaHealthSignal.Timeout;
                case MfaApiException api when api.Status >= 500:
                    return MfaHealthSignal.ServerError;
                case MfaApiException _:
                    return MfaHealthSignal.Answered;
                default:
                    // Cancelled by the caller, a refused token, an invalid answer: says nothing new about reachability.
                    return MfaHealthSignal.None;
            }
        }
    }
}
