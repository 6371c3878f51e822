using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
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
    internal sealed partial class ControlApi
    {
        private const string NumberRule = "to must be an E.164 number such as +19195551234";

        /// <summary>How many entries of each list an answer holds when the query names no <c>limit</c>.</summary>
        private const int DefaultLimit = 200;

        private const int MaxLimit = 10000;

        private static readonly string LimitRule = "limit must be a whole number from 1 to " + MaxLimit.ToString(CultureInfo.InvariantCulture);

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

        internal IResult Info() => Results.Json(_info(), JsonAnswers.Options);

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
                    return JsonAnswers.Error(HttpStatusCode.BadRequest, NumberRule);
                }
            }

            if (!TryReadLimit(query, out var limit))
            {
                return JsonAnswers.Error(HttpStatusCode.BadRequest, LimitRule);
            }

            // The version is read first: a change that lands while the snapshot is taken moves it past this one, so a
            // reader that waits for "version greater than what I have" never misses it.
            var version = _sandbox.Version;
            var messages = _sandbox.Messages.Where(m => to == null || m.To == to).Reverse().Take(limit).Select(MessageView.Of).ToArray();
            var verifications = _sandbox.Verifications.Where(v => to == null || v.To == to).Reverse().Take(limit).Select(VerificationView.Of).ToArray();
            var lockouts = _sandbox.Lockouts.Where(l => to == null || l.To == to).OrderBy(l => l.Until).Select(LockoutView.Of).ToArray();
            return Results.Json(new OutboxView(version, _sandbox.TimeProvider.GetUtcNow(), _sandbox.PendingFailures, messages, verifications, lockouts), JsonAnswers.Options);
        }

        /// <summary><c>GET /sandbox/api/requests[?limit=n]</c>: the request log, newest first (no bodies, codes or credentials).</summary>
        internal IResult Requests(HttpContext context)
        {
            if (!TryReadLimit(context.Request.Query, out var limit))
            {
                return JsonAnswers.Error(HttpStatusCode.BadRequest, LimitRule);
            }

            var requests = _sandbox.Requests.Reverse().Take(limit).Select(RequestView.Of).ToArray();
            return Results.Json(new { requests }, JsonAnswers.Options);
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
                return JsonAnswers.Error(HttpStatusCode.BadRequest, NumberRule);
            }

            string? accountId = null;
            if (context.Request.Query.TryGetValue("accountId", out var account))
            {
                accountId = account.ToString();
                if (accountId.Trim().Length == 0 || account.Count != 1)
                {
                    return JsonAnswers.Error(HttpStatusCode.BadRequest, "accountId must be one account id, or absent for every account");
                }
            }

            return Results.Json(new { unlocked = _sandbox.Unlock(number, accountId) }, JsonAnswers.Options);
        }

        private static IResult Mutation(HttpContext context, Action change)
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

        /// <summary>The <c>limit</c> of a list (<see cref="DefaultLimit"/> when absent); false when it is not 1 to <see cref="MaxLimit"/>.</summary>
        private static bool TryReadLimit(IQueryCollection query, out int limit)
        {
            limit = DefaultLimit;
            return !query.TryGetValue("limit", out var text)
                || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit >= 1 && limit <= MaxLimit);
        }

        private static bool IsJson(HttpRequest request)
        {
            return request.ContentType != null
                && request.ContentType.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
        }

        private static IResult NotJson() =>
            JsonAnswers.Error(HttpStatusCode.UnsupportedMediaType, "changes must be sent as POST with Content-Type: application/json (the body may be empty or {})");
    }
}
