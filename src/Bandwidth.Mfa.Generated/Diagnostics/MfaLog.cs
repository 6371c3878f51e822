using System;
using Bandwidth.Mfa.Pipeline;
using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// The log lines of the client. They carry the operation, status, duration and request id only: never a body, a
    /// header, a phone number, a code or a credential.
    /// </summary>
    internal static class MfaLog
    {
        private static readonly Action<ILogger, string, int, double, string, Exception?> CompletedLine =
            LoggerMessage.Define<string, int, double, string>(LogLevel.Debug, MfaLogEvents.CallCompleted,
                "MFA {Operation} answered {Status} in {ElapsedMs} ms (request id {RequestId})");

        private static readonly Action<ILogger, string, int, double, string, Exception?> AttentionLine =
            LoggerMessage.Define<string, int, double, string>(LogLevel.Warning, MfaLogEvents.CallNeedsAttention,
                "MFA {Operation} answered {Status} in {ElapsedMs} ms (request id {RequestId})");

        private static readonly Action<ILogger, string, string, double, bool, Exception?> FailedLine =
            LoggerMessage.Define<string, string, double, bool>(LogLevel.Warning, MfaLogEvents.CallFailed,
                "MFA {Operation} failed ({Failure}) after {ElapsedMs} ms; request may have reached the server: {MayHaveReachedServer}");

        private static readonly Action<ILogger, string, double, Exception?> CancelledLine =
            LoggerMessage.Define<string, double>(LogLevel.Debug, MfaLogEvents.CallCancelled,
                "MFA {Operation} was cancelled by the caller after {ElapsedMs} ms");

        // The call forms read the clock only when the line is written (IsEnabled first): most calls log nothing.
        internal static void Completed(ILogger logger, MfaCall call, string? requestId)
        {
            if (logger.IsEnabled(call.Status == 429 || call.Status >= 500 ? LogLevel.Warning : LogLevel.Debug))
            {
                Completed(logger, call.OperationId, call.Status, call.Elapsed, requestId);
            }
        }

        internal static void Failed(ILogger logger, MfaCall call, string failure, int? status, bool mayHaveReachedServer)
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                Failed(logger, call.OperationId, failure, call.Elapsed, mayHaveReachedServer, status == 0 ? null : status);
            }
        }

        internal static void Cancelled(ILogger logger, MfaCall call)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                Cancelled(logger, call.OperationId, call.Elapsed);
            }
        }

        internal static void Completed(ILogger logger, string? operation, int status, TimeSpan elapsed, string? requestId)
        {
            if (status == 429 || status >= 500)
            {
                if (logger.IsEnabled(LogLevel.Warning))
                {
                    AttentionLine(logger, operation ?? "call", status, Math.Round(elapsed.TotalMilliseconds, 1), requestId ?? "none", null);
                }
            }
            else if (logger.IsEnabled(LogLevel.Debug))
            {
                CompletedLine(logger, operation ?? "call", status, Math.Round(elapsed.TotalMilliseconds, 1), requestId ?? "none", null);
            }
        }

        internal static void Failed(ILogger logger, string? operation, string failure, TimeSpan elapsed, bool mayHaveReachedServer, int? status)
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                FailedLine(logger, operation ?? "call", status.HasValue ? failure + ", HTTP " + status.Value : failure, Math.Round(elapsed.TotalMilliseconds, 1), mayHaveReachedServer, null);
            }
        }

        internal static void Cancelled(ILogger logger, string? operation, TimeSpan elapsed)
        {
            if (logger.IsEnabled(LogLevel.Debug))
            {
                CancelledLine(logger, operation ?? "call", Math.Round(elapsed.TotalMilliseconds, 1), null);
            }
        }
    }
}
