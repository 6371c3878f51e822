using System;
using System.Diagnostics;
using System.Threading;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Pipeline
{
    // The call's span and the one exit where a call is classified and measured.
    internal sealed partial class MfaPipeline
    {
        private void TagStart(Activity activity, MfaOperation operation, Uri? baseAddress, Uri uri)
        {
            activity.SetTag("http.request.method", operation.Method.Method);
            if (uri.IsAbsoluteUri)
            {
                activity.SetTag("server.address", uri.Host);
                activity.SetTag("server.port", uri.Port);
            }

            // The path template, never the path: the account id stays out of the span.
            activity.SetTag("url.template", (baseAddress != null && baseAddress.IsAbsoluteUri ? baseAddress.AbsolutePath : "/") + operation.Path);
            activity.SetTag(MfaTelemetry.OperationTag, operation.Id);
            activity.SetTag(MfaTelemetry.ClientNameTag, _clientName);
            var channel = MfaTelemetry.ChannelText(operation.Channel);
            if (channel != null)
            {
                activity.SetTag(MfaTelemetry.ChannelTag, channel);
            }
        }

        /// <summary>
        /// The one exit of every call that got as far as its span: classifies the outcome once (<see cref="MfaOutcome"/>),
        /// tags and stops the span, records the measurements and the health tracker from it. Nothing of the request (phone
        /// number, code, account id) and no exception message is used.
        /// </summary>
        private void End(MfaCall call, object? result, Exception? exception, CancellationToken cancellationToken)
        {
            var outcome = MfaOutcome.Of(call, result, exception, exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
            var status = outcome.Status;
            var valid = outcome.Valid;
            var errorType = outcome.ErrorType;
            var activity = call.Activity;
            if (activity != null)
            {
                if (activity.IsAllDataRequested)
                {
                    if (status != 0)
                    {
                        activity.SetTag(MfaTelemetry.StatusCodeTag, status);
                    }

                    if (valid.HasValue)
                    {
                        activity.SetTag(MfaTelemetry.VerifyResultTag, valid.Value ? "valid" : "invalid");
                    }

                    if (outcome.RefusedRule.HasValue)
                    {
                        activity.SetTag(MfaTelemetry.SendLimitRuleTag, MfaTelemetry.RuleText(outcome.RefusedRule.Value));
                    }

                    if (errorType != null)
                    {
                        activity.SetTag(MfaTelemetry.ErrorTypeTag, errorType);
                        activity.SetStatus(ActivityStatusCode.Error, errorType);
                    }
                }

                activity.Stop();
            }

            _telemetry?.RecordCall(call, outcome);
        }
    }
}
