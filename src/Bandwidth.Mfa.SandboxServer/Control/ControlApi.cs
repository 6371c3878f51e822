using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Bandwidth.Mfa.Validation;
using Microsoft.AspNetCore.Http;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>
    /// The JSON API for tests in any language and for the outbox page, under <c>/sandbox/api/</c>: read the outbox and the
    /// last code of a number, clear or reset the state, unlock a number, queue and drop failures. Every answer is JSON; every change is a
    /// POST with <c>Content-Type: application/json</c>, which a page of another site cannot send without a CORS pre-flight
    /// that this server never grants.
    /// </summary>
    internal sealed class ControlApi
    {
        internal static readonly JsonSerializerOptions Json = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // The web defaults would read "3" as 3; a number sent as a string is the wrong type, as the service would say.
            NumberHandling = JsonNumberHandling.Strict,

            // Answers are JSON for programs and for a page that puts text in with textContent, never into HTML, so
            // '+' in numbers and '<' in message texts stay readable instead of becoming \u002B and \u003C.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };

        private const string NumberRule = "to must be an E.164 number such as +19195551234";

        /// <summary>How many injected failures may wait at once (the sum of their <c>times</c>).</summary>
        private const int MaxPendingFailures = 1000;

        private readonly object _failureGate = new object();

        private readonly MfaSandbox _sandbox;
        private readonly ChangeFeed _feed;
        private readonly Func<ServerInfo> _info;
        private readonly CancellationToken _stopping;

        internal ControlApi(MfaSandbox sandbox, ChangeFeed feed, Func<ServerInfo> info, CancellationToken stopping)
        {
            _sandbox = sandbox;
            _feed = feed;
            _info = info;
            _stopping = stopping;
        }

        internal IResult Info() => Results.Json(_info(), Json);

        /// <summary><c>GET /sandbox/api/outbox[?to=+1...][&amp;limit=n]</c>: newest first.</summary>
        internal IResult Outbox(HttpContext context)
        {
            var query = context.Request.Query;
            string? to = null;
            if (query.TryGetValue("to", out var toText))
            {
                to = Number(toText);
                if (to == null)
                {
                    return Error(HttpStatusCode.BadRequest, NumberRule);
                }
            }

            var limit = 200;
            if (query.TryGetValue("limit", out var limitText))
            {
                if (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 10000)
                {
                    return Error(HttpStatusCode.BadRequest, "limit must be a whole number from 1 to 10000");
                }
            }

            // The version is read first: a change that lands while the snapshot is taken moves it past this one, so a
            // reader that waits for "version greater than what I have" never misses it.
            var version = _sandbox.Version;
            var messages = _sandbox.Messages.Where(m => to == null || m.To == to).Reverse().Take(limit).Select(MessageView.Of).ToArray();
            var verifications = _sandbox.Verifications.Where(v => to == null || v.To == to).Reverse().Take(limit).Select(VerificationView.Of).ToArray();
            var lockouts = _sandbox.Lockouts.Where(l => to == null || l.To == to).OrderBy(l => l.Until).Select(LockoutView.Of).ToArray();
            return Results.Json(new OutboxView(version, _sandbox.TimeProvider.GetUtcNow(), _sandbox.PendingFailures, messages, verifications, lockouts), Json);
        }

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
                return Error(HttpStatusCode.BadRequest, NumberRule);
            }

            var query = context.Request.Query;
            string? scope = query["scope"];
            string? newerThan = query["newerThan"];
            var wait = TimeSpan.Zero;
            if (query.TryGetValue("waitSeconds", out var waitText))
            {
                if (!int.TryParse(waitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds > 60)
                {
                    return Error(HttpStatusCode.BadRequest, "waitSeconds must be a whole number from 0 to 60");
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
                    return Results.Json(MessageView.Of(message), Json);
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
                return Error(HttpStatusCode.ServiceUnavailable, "the sandbox server is stopping");
            }

            return Error(HttpStatusCode.NotFound, "no code was sent to " + number + (scope == null ? string.Empty : " for scope '" + scope + "'")
                + (newerThan == null ? string.Empty : " after message " + newerThan)
                + (wait == TimeSpan.Zero ? string.Empty : " within " + wait.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s")
                + " (or it left the outbox)");
        }

        /// <summary><c>GET /sandbox/api/requests[?limit=n]</c>: the request log, newest first (no bodies, codes or credentials).</summary>
        internal IResult Requests(HttpContext context)
        {
            var limit = 200;
            if (context.Request.Query.TryGetValue("limit", out var limitText)
                && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > 10000))
            {
                return Error(HttpStatusCode.BadRequest, "limit must be a whole number from 1 to 10000");
            }

            var requests = _sandbox.Requests.Reverse().Take(limit).Select(RequestView.Of).ToArray();
            return Results.Json(new { requests }, Json);
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

        internal IResult Clear(HttpContext context) => Mutation(context, () => _sandbox.ClearOutbox());

        internal IResult Reset(HttpContext context) => Mutation(context, () => _sandbox.Reset());

        internal IResult ClearFailures(HttpContext context) => Mutation(context, () => _sandbox.ClearFailures());

        internal IResult RevokeTokens(HttpContext context) => Mutation(context, () => _sandbox.RevokeIssuedTokens());

        /// <summary>
        /// <c>POST /sandbox/api/numbers/{to}/unlock[?accountId=...]</c>: forgets the wrong codes of the number (of one
        /// account, or of all), which ends its lockout at once. <c>{"unlocked": n}</c>, the number of counts forgotten.
        /// </summary>
        internal IResult Unlock(string to, HttpContext context)
        {
            if (!IsJson(context.Request))
            {
                return NotJson();
            }

            var number = Number(to);
            if (number == null)
            {
                return Error(HttpStatusCode.BadRequest, NumberRule);
            }

            string? accountId = null;
            if (context.Request.Query.TryGetValue("accountId", out var account))
            {
                accountId = account.ToString();
                if (accountId.Trim().Length == 0 || account.Count != 1)
                {
                    return Error(HttpStatusCode.BadRequest, "accountId must be one account id, or absent for every account");
                }
            }

            return Results.Json(new { unlocked = _sandbox.Unlock(number, accountId) }, Json);
        }

        /// <summary><c>POST /sandbox/api/failures</c> with a <see cref="FailureRequest"/>.</summary>
        internal async Task<IResult> AddFailureAsync(HttpContext context)
        {
            if (!IsJson(context.Request))
            {
                return NotJson();
            }

            FailureRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<FailureRequest>(context.Request.Body, Json, context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException exception)
            {
                return Error(HttpStatusCode.BadRequest, "the body is not a failure: " + exception.Message);
            }

            if (request == null)
            {
                return Error(HttpStatusCode.BadRequest, "the body must be a JSON object such as {\"failure\": \"internalServerError\"}");
            }

            if (!FailureRequest.TryBuild(request, out var failure, out var operation, out var problem))
            {
                return Error(HttpStatusCode.BadRequest, problem!);
            }

            var times = request.Times ?? 1;
            int pending;
            lock (_failureGate)
            {
                // Queued failures wait until calls take them: their number is bounded, like everything callers can add.
                pending = _sandbox.PendingFailures;
                if (pending + times > MaxPendingFailures)
                {
                    return Error(HttpStatusCode.Conflict, "at most " + MaxPendingFailures + " failures may wait at once and " + pending
                        + " are waiting; let calls take them or drop them with POST /sandbox/api/failures/clear");
                }

                _sandbox.FailNext(failure!, times, operation);
            }

            return Results.Json(new { pendingFailures = _sandbox.PendingFailures, description = failure!.Description }, Json, statusCode: StatusCodes.Status201Created);
        }

        private IResult Mutation(HttpContext context, Action change)
        {
            if (!IsJson(context.Request))
            {
                return NotJson();
            }

            change();
            return Results.NoContent();
        }

        /// <summary>
        /// A number from a query string or path, checked as the service checks numbers (ASCII digits only, nothing after the
        /// last): a leading space stands for '+', because a '+' that was not encoded as <c>%2B</c> arrives as a space in a
        /// query string. Null when absent or not an E.164 number.
        /// </summary>
        private static string? Number(string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            var number = value[0] == ' ' ? "+" + value.Substring(1) : value;
            return MfaPhoneNumbers.IsE164(number) ? number : null;
        }

        private static bool IsJson(HttpRequest request)
        {
            return request.ContentType != null
                && request.ContentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
        }

        private static IResult NotJson() =>
            Error(HttpStatusCode.UnsupportedMediaType, "changes must be sent as POST with Content-Type: application/json (the body may be empty or {})");

        internal static IResult Error(HttpStatusCode status, string message) =>
            Results.Json(new { error = message }, Json, statusCode: (int)status);
    }

    internal sealed record ServerInfo(string Version, string Outbox, string BaseUrl, string TokenUrl, string Accepting, int MaxFailedVerifications, double CoolDownSeconds, int HistoryLimit);

    internal sealed record OutboxView(long Version, DateTimeOffset Now, int PendingFailures, MessageView[] Messages, VerificationView[] Verifications, LockoutView[] Lockouts);

    internal sealed record MessageView(string Id, string Channel, string AccountId, string To, string From, string ApplicationId, string Scope, string Code, string Text, DateTimeOffset SentAt)
    {
        internal static MessageView Of(MfaSandboxMessage m) =>
            new MessageView(m.Id, m.Channel == MfaSandboxChannel.Sms ? "sms" : "voice", m.AccountId, m.To, m.From, m.ApplicationId, m.Scope, m.Code, m.Text, m.SentAt);
    }

    internal sealed record VerificationView(string AccountId, string To, string Scope, string Result, int FailedAttempts, DateTimeOffset? LockedUntil, DateTimeOffset VerifiedAt)
    {
        internal static VerificationView Of(MfaSandboxVerification v) =>
            new VerificationView(v.AccountId, v.To, v.Scope, JsonNamingPolicy.CamelCase.ConvertName(v.Result.ToString()), v.FailedAttempts, v.LockedUntil, v.VerifiedAt);
    }

    internal sealed record RequestView(string Operation, string? AccountId, string? AuthenticationScheme, int? Status, string? RequestId, DateTimeOffset ReceivedAt)
    {
        internal static RequestView Of(MfaSandboxRequest r) =>
            new RequestView(JsonNamingPolicy.CamelCase.ConvertName(r.Operation.ToString()), r.AccountId, r.AuthenticationScheme, r.StatusCode, r.RequestId, r.ReceivedAt);
    }

    internal sealed record LockoutView(string AccountId, string To, int FailedAttempts, DateTimeOffset Until)
    {
        internal static LockoutView Of(MfaSandboxLockout l) => new LockoutView(l.AccountId, l.To, l.FailedAttempts, l.Until);
    }

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

        /// <summary>The statuses that HTTP answers without a body.</summary>
        internal static bool IsBodiless(int status) => status == 204 || status == 205 || status == 304;

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

                    if (request.Status.HasValue && IsBodiless(request.Status.Value))
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

                    if (IsBodiless(request.Status.Value) && !string.IsNullOrEmpty(request.Body))
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
