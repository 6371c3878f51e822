using System.Collections.Generic;
using System.Diagnostics;
using System.Reflection;
using Bandwidth.Mfa.Pipeline;

namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// The names of the client's telemetry, the one <see cref="ActivitySource"/> (immutable, shared: the pattern
    /// OpenTelemetry recommends) and the values every tag may take. Tag values are bounded: an operation id, a channel,
    /// an outcome, a status code, an error type or the client's registered name; never a phone number, code, credential
    /// or account id.
    /// </summary>
    internal static class MfaTelemetry
    {
        /// <summary>The one place of the name <c>Bandwidth.Mfa</c>: the activity source, the meter, the log category and the HTTP client.</summary>
        internal const string Name = "Bandwidth.Mfa";

        /// <summary>The client name of the unnamed registration and of <c>MfaService.Create</c>.</summary>
        internal const string DefaultClientName = "(unnamed)";

        /// <summary>The package version (the informational version without its source revision).</summary>
        internal static readonly string Version = ReadVersion();

        /// <summary>The client's activity source: one <see cref="ActivityKind.Client"/> span per operation call.</summary>
        internal static readonly ActivitySource Source = new ActivitySource(Name, Version);

        /// <summary>
        /// The bucket boundaries of <c>mfa.client.operation.duration</c>, in seconds: the set the OpenTelemetry HTTP
        /// semantic conventions advise for <c>http.client.request.duration</c> (5 ms to 10 s).
        /// </summary>
        internal static readonly IReadOnlyList<double> DurationBuckets = new[] { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10 };

        internal const string CodesSent = "mfa.client.codes.sent";
        internal const string Verifications = "mfa.client.verifications";
        internal const string OperationDuration = "mfa.client.operation.duration";
        internal const string TokenRequests = "mfa.client.token.requests";

        internal const string ClientNameTag = "mfa.client.name";
        internal const string OperationTag = "mfa.operation";
        internal const string ChannelTag = "mfa.channel";
        internal const string VerifyResultTag = "mfa.verify.result";
        internal const string OutcomeTag = "outcome";
        internal const string AttemptEvent = "mfa.attempt";
        internal const string AttemptTag = "mfa.attempt";
        internal const string StatusCodeTag = "http.response.status_code";
        internal const string ErrorTypeTag = "error.type";
        internal const string SendLimitRuleTag = "mfa.send_limit.rule";

        /// <summary>The bounded <c>mfa.send_limit.rule</c> value of a refusal: the rule in snake case.</summary>
        internal static string RuleText(MfaSendLimitRule rule)
        {
            switch (rule)
            {
                case MfaSendLimitRule.DestinationNotAllowed:
                    return "destination_not_allowed";
                case MfaSendLimitRule.ResendCooldown:
                    return "resend_cooldown";
                case MfaSendLimitRule.MaxSendsPerNumber:
                    return "max_sends_per_number";
                case MfaSendLimitRule.MaxSendsPerAccount:
                    return "max_sends_per_account";
                case MfaSendLimitRule.StoreUnavailable:
                    return "store_unavailable";
                default:
                    return "other";
            }
        }

        /// <summary>The bounded <c>mfa.channel</c> value of a send's channel (<c>sms</c> or <c>voice</c>), or null.</summary>
        internal static string? ChannelText(MfaChannel channel)
        {
            switch (channel)
            {
                case MfaChannel.Messaging:
                    return "sms";
                case MfaChannel.Voice:
                    return "voice";
                default:
                    return null;
            }
        }

        private static string ReadVersion()
        {
            var informational = typeof(MfaTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            if (string.IsNullOrEmpty(informational))
            {
                return typeof(MfaTelemetry).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            }

            var plus = informational!.IndexOf('+');
            return plus < 0 ? informational : informational.Substring(0, plus);
        }
    }
}
