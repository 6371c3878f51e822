using System;
using System.Collections.Generic;
using System.Net;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>The body of <c>POST /sandbox/api/failures</c>.</summary>
    internal sealed class FailureRequest
    {
        internal static readonly IReadOnlyList<string> Kinds = new[] { "internalServerError", "serviceUnavailable", "forbidden", "htmlBody", "timeout", "connectionFailure", "status" };

        public string? Failure { get; set; }

        public int? Times { get; set; }

        public string? Operation { get; set; }

        public double? RetryAfterSeconds { get; set; }

        public double? MaxWaitSeconds { get; set; }

        public bool? AfterProcessing { get; set; }

        public int? Status { get; set; }

        public string? Body { get; set; }

        public string? ContentType { get; set; }

        /// <summary>A 1xx is no final answer over HTTP: the client would go on waiting for one.</summary>
        private const string FinalStatusRule = "status must be an HTTP status from 200 to 599 (a 1xx is not a final answer)";

        internal static bool TryBuild(FailureRequest request, out MfaSandboxFailure? failure, out MfaSandboxOperation? operation, out string? problem)
        {
            failure = null;
            operation = null;
            problem = null;
            if (request.Times.HasValue && (request.Times < 1 || request.Times > 1000))
            {
                problem = "times must be from 1 to 1000";
                return false;
            }

            switch (request.Operation)
            {
                case null:
                case "any":
                    break;
                case "messaging":
                    operation = MfaSandboxOperation.GenerateMessagingCode;
                    break;
                case "voice":
                    operation = MfaSandboxOperation.GenerateVoiceCode;
                    break;
                case "verify":
                    operation = MfaSandboxOperation.VerifyCode;
                    break;
                case "token":
                    operation = MfaSandboxOperation.Token;
                    break;
                default:
                    problem = "operation must be one of any, messaging, voice, verify, token (or absent for any of the three MFA operations)";
                    return false;
            }

            TimeSpan? Seconds(double? value, string name, ref string? error)
            {
                if (!value.HasValue)
                {
                    return null;
                }

                if (value.Value < 0 || value.Value > 3600 || double.IsNaN(value.Value))
                {
                    error = name + " must be from 0 to 3600";
                    return null;
                }

                return TimeSpan.FromSeconds(value.Value);
            }

            var afterProcessing = request.AfterProcessing ?? false;
            switch (request.Failure)
            {
                case "internalServerError":
                    failure = MfaSandboxFailure.InternalServerError();
                    break;
                case "serviceUnavailable":
                    var retryAfter = Seconds(request.RetryAfterSeconds, "retryAfterSeconds", ref problem);
                    failure = problem == null ? MfaSandboxFailure.ServiceUnavailable(retryAfter) : null;
                    break;
                case "forbidden":
                    failure = MfaSandboxFailure.Forbidden();
                    break;
                case "htmlBody":
                    if (request.Status.HasValue && (request.Status < 200 || request.Status > 599))
                    {
                        problem = FinalStatusRule;
                        return false;
                    }

                    if (request.Status.HasValue && BodilessStatuses.Contains(request.Status.Value))
                    {
                        problem = "status must not be 204, 205 or 304 for htmlBody: HTTP sends no body with them";
                        return false;
                    }

                    failure = MfaSandboxFailure.HtmlBody((HttpStatusCode)(request.Status ?? 502), afterProcessing);
                    break;
                case "timeout":
                    var maxWait = Seconds(request.MaxWaitSeconds, "maxWaitSeconds", ref problem);
                    failure = problem == null ? MfaSandboxFailure.Timeout(maxWait, afterProcessing) : null;
                    break;
                case "connectionFailure":
                    failure = MfaSandboxFailure.ConnectionFailure();
                    break;
                case "status":
                    if (!request.Status.HasValue || request.Status < 200 || request.Status > 599)
                    {
                        problem = FinalStatusRule + " for failure 'status'";
                        return false;
                    }

                    if (BodilessStatuses.Contains(request.Status.Value) && !string.IsNullOrEmpty(request.Body))
                    {
                        problem = "body must be absent with status 204, 205 or 304: HTTP sends no body with them";
                        return false;
                    }

                    failure = MfaSandboxFailure.Status((HttpStatusCode)request.Status.Value, request.Body, request.ContentType ?? "application/json");
                    break;
                default:
                    problem = "failure must be one of " + string.Join(", ", Kinds);
                    return false;
            }

            return problem == null;
        }
    }
}
