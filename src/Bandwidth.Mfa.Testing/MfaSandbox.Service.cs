using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing.Internal;
using Bandwidth.Mfa.Validation;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>The service half of the sandbox: what happens to one request, and the state it changes.</summary>
    public sealed partial class MfaSandbox
    {
        private static readonly Regex Placeholder = new Regex(@"\{(CODE|NAME|SCOPE)\}", RegexOptions.CultureInvariant);

        private readonly MfaSandboxOptions _options;

        // Everything below is guarded by _gate. One lock keeps the state simple and consistent; each request holds it for
        // microseconds and never across an await. What callers' input keys (codes, wrong-code counts) is dropped once it
        // can no longer matter, on access (Sweep), so memory stays bounded by the history limit plus what is still live;
        // tokens are not stored at all.
        private readonly object _gate = new object();
        private readonly List<MfaSandboxMessage> _outbox = new List<MfaSandboxMessage>();
        private readonly CodeStore _codes = new CodeStore();
        private readonly AttemptCounters _attempts;
        private readonly SandboxTokens _tokens = new SandboxTokens();
        private readonly List<PendingFailure> _failures = new List<PendingFailure>();
        private readonly List<MfaSandboxRequest> _requests = new List<MfaSandboxRequest>();
        private readonly List<MfaSandboxVerification> _verifications = new List<MfaSandboxVerification>();
        private long _version;

        /// <summary>What the sandbox holds right now, as it is (nothing expired is dropped first); for the tests of its memory bound.</summary>
        internal SandboxStateCounts StateCounts
        {
            get
            {
                lock (_gate)
                {
                    return new SandboxStateCounts(
                        _codes.Count, _codes.KeyCount, _attempts.Count, _attempts.QueuedCount, _outbox.Count, _verifications.Count, _requests.Count, _failures.Count);
                }
            }
        }

        /// <summary>Answers one request; called by the handlers from <see cref="CreateHandler"/>.</summary>
        internal async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var route = SandboxRoute.Of(request);
            var scheme = request.Headers.Authorization?.Scheme;
            var body = await ReadBodyAsync(request.Content).ConfigureAwait(false);
            var receivedAt = TimeProvider.GetUtcNow();
            var failure = TakeFailure(route.Operation);
            try
            {
                SandboxAnswer? answer = null;
                if (failure == null || failure.AfterProcessing)
                {
                    answer = Process(route, request, body, receivedAt);
                    if (failure != null)
                    {
                        // The request was acted on (a code stored, say) before its answer fails: observers see that now,
                        // not only when a held answer ends.
                        OnChanged();
                    }
                }

                if (failure != null)
                {
                    answer = await FailAsync(failure, route, scheme, receivedAt, cancellationToken).ConfigureAwait(false);
                }

                Record(route, scheme, (int)answer!.Status, answer.RequestId, receivedAt);
                return answer.ToResponse(request);
            }
            finally
            {
                // Every request changes what the sandbox shows (the request log at least), whatever its outcome.
                OnChanged();
            }
        }

        /// <summary>The body as text in its declared character set; null when there is none or the set is unknown (then a 400, like a body that is no JSON).</summary>
        private static async Task<string?> ReadBodyAsync(HttpContent? content)
        {
            if (content == null)
            {
                return null;
            }

            try
            {
                return await content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // HttpContent's answer to a charset it cannot decode ("charset=no-such-set").
                return null;
            }
        }

        private SandboxAnswer Process(SandboxRoute route, HttpRequestMessage request, string? body, DateTimeOffset now)
        {
            switch (route.Operation)
            {
                case MfaSandboxOperation.Unknown:
                    return route.WrongMethod ? SandboxAnswer.MethodNotAllowed() : SandboxAnswer.NotFound();
                case MfaSandboxOperation.Token:
                    return IssueToken(request, body, now);
            }

            if (!IsAuthorized(request.Headers.Authorization, route.AccountId!, now))
            {
                return SandboxAnswer.Unauthorized();
            }

            try
            {
                if (!IsMediaType(request.Content, "application/json"))
                {
                    throw new BadRequestException("Content-Type must be application/json");
                }

                var json = RequestBody.Parse(body);
                return route.Operation == MfaSandboxOperation.VerifyCode
                    ? Verify(route.AccountId!, json, now)
                    : Send(route.Operation == MfaSandboxOperation.GenerateVoiceCode ? MfaSandboxChannel.Voice : MfaSandboxChannel.Sms, route.AccountId!, json, now);
            }
            catch (BadRequestException exception)
            {
                return SandboxAnswer.Error(HttpStatusCode.BadRequest, exception.Message);
            }
        }

        private SandboxAnswer Send(MfaSandboxChannel channel, string accountId, RequestBody json, DateTimeOffset now)
        {
            var to = json.PhoneNumber("to");
            var from = json.PhoneNumber("from");
            RequestBody.MaxLength("from", from, 32);
            var applicationId = json.RequiredString("applicationId");
            RequestBody.MaxLength("applicationId", applicationId, 50);
            var scope = json.OptionalString("scope");
            RequestBody.MaxLength("scope", scope, 25);
            var template = json.RequiredString("message");
            RequestBody.MaxLength("message", template, 2048);
            if (template.IndexOf(CodeRequest.CodePlaceholder, StringComparison.Ordinal) < 0)
            {
                throw new BadRequestException("message must contain the " + CodeRequest.CodePlaceholder + " placeholder");
            }

            var digits = json.RequiredInteger("digits", 4, 8);
            var effectiveScope = string.IsNullOrEmpty(scope) ? DefaultScope : scope!;
            var code = NewCode(digits);
            var name = _options.ApplicationNames.TryGetValue(applicationId, out var applicationName) ? applicationName : _options.ApplicationName;
            var text = Placeholder.Replace(template, match =>
            {
                switch (match.Groups[1].Value)
                {
                    case "CODE":
                        return code;
                    case "NAME":
                        return name;
                    default:
                        return effectiveScope;
                }
            });

            var id = channel == MfaSandboxChannel.Sms ? SandboxIds.MessageId(now) : SandboxIds.CallId();
            var message = new MfaSandboxMessage(id, channel, accountId, to, from, applicationId, effectiveScope, code, text, now);
            lock (_gate)
            {
                Sweep(now);
                _codes.Add(new CodeKey(accountId, to, effectiveScope), code, now);
                Append(_outbox, message);
            }

            return SandboxAnswer.Json(HttpStatusCode.OK, channel == MfaSandboxChannel.Sms
                ? new JObject { ["messageId"] = id }
                : new JObject { ["callId"] = id });
        }

        private SandboxAnswer Verify(string accountId, RequestBody json, DateTimeOffset now)
        {
            var to = json.PhoneNumber("to");
            var scope = json.OptionalString("scope");
            var minutes = json.RequiredNumber("expirationTimeInMinutes", 1, 15);
            var code = json.RequiredString("code");
            var codeLength = MfaCodePoints.Length(code);
            if (codeLength < 4 || codeLength > 8)
            {
                throw new BadRequestException("code must be 4 to 8 characters long");
            }

            var window = TimeSpan.FromTicks((long)(minutes * TimeSpan.TicksPerMinute));
            var effectiveScope = string.IsNullOrEmpty(scope) ? DefaultScope : scope!;
            return Decide(accountId, to, effectiveScope, code, window, now);
        }

        private SandboxAnswer Decide(string accountId, string to, string effectiveScope, string code, TimeSpan window, DateTimeOffset now)
        {
            lock (_gate)
            {
                Sweep(now);
                var number = new NumberKey(accountId, to);
                var attempts = _attempts.Find(number, now);
                if (attempts != null && attempts.Failures >= _options.MaxFailedVerifications)
                {
                    var until = attempts.LastFailure + _options.VerificationCoolDown;
                    var wait = until - now;
                    Append(_verifications, new MfaSandboxVerification(accountId, to, effectiveScope, MfaSandboxVerificationResult.LockedOut, attempts.Failures, until, now));
                    return SandboxAnswer.Error((HttpStatusCode)429, "This number has exceeded verification attempts, please wait " + Describe(wait));
                }

                var match = _codes.FindUsable(new CodeKey(accountId, to, effectiveScope), code, window, now);
                int failures;
                if (match != null)
                {
                    match.Used = _options.SingleUseCodes;
                    _attempts.Forget(number);
                    failures = 0;
                }
                else
                {
                    failures = _attempts.Fail(number, now);
                }

                DateTimeOffset? lockedUntil = failures >= _options.MaxFailedVerifications ? now + _options.VerificationCoolDown : (DateTimeOffset?)null;
                Append(_verifications, new MfaSandboxVerification(
                    accountId, to, effectiveScope, match != null ? MfaSandboxVerificationResult.Valid : MfaSandboxVerificationResult.Invalid, failures, lockedUntil, now));
                return SandboxAnswer.Json(HttpStatusCode.OK, new JObject { ["valid"] = match != null });
            }
        }

        private async Task<SandboxAnswer> FailAsync(MfaSandboxFailure failure, SandboxRoute route, string? scheme, DateTimeOffset receivedAt, CancellationToken cancellationToken)
        {
            switch (failure.Kind)
            {
                case MfaSandboxFailure.FailureKind.ServiceError:
                    return SandboxAnswer.Error(failure.StatusCode, failure.Body ?? "Internal Error");
                case MfaSandboxFailure.FailureKind.ConnectionFailure:
                    Record(route, scheme, null, null, receivedAt);
                    throw ConnectionRefused();
                case MfaSandboxFailure.FailureKind.Timeout:
                    try
                    {
                        // Task.Delay takes at most int.MaxValue milliseconds (about 24 days) on every target; a longer hold
                        // means "until the caller gives up".
                        var hold = failure.MaxWait.TotalMilliseconds > int.MaxValue ? System.Threading.Timeout.InfiniteTimeSpan : failure.MaxWait;
                        await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        Record(route, scheme, null, null, receivedAt);
                        throw;
                    }

                    return SandboxAnswer.Raw(failure.StatusCode, failure.Body, failure.ContentType, null);
                default:
                    return SandboxAnswer.Raw(failure.StatusCode, failure.Body, failure.ContentType, failure.RetryAfter);
            }
        }

        private MfaSandboxFailure? TakeFailure(MfaSandboxOperation operation)
        {
            MfaSandboxFailure? taken = null;
            lock (_gate)
            {
                for (var i = 0; i < _failures.Count; i++)
                {
                    var pending = _failures[i];
                    if (pending.AppliesTo(operation))
                    {
                        if (--pending.Remaining == 0)
                        {
                            _failures.RemoveAt(i);
                        }

                        taken = pending.Failure;
                        break;
                    }
                }
            }

            return taken;
        }

        private void Record(SandboxRoute route, string? scheme, int? status, string? requestId, DateTimeOffset receivedAt)
        {
            var entry = new MfaSandboxRequest(route.Operation, route.AccountId, scheme, status, requestId, receivedAt);
            lock (_gate)
            {
                Append(_requests, entry);
            }
        }

        /// <summary>Adds to one of the histories, dropping the oldest entries beyond <see cref="MfaSandboxOptions.HistoryLimit"/>. Called under the lock.</summary>
        private void Append<T>(List<T> history, T entry)
        {
            history.Add(entry);
            var limit = _options.HistoryLimit;
            if (limit.HasValue && history.Count > limit.Value)
            {
                history.RemoveRange(0, history.Count - limit.Value);
            }
        }

        /// <summary>Drops the codes and wrong-code counts that can no longer matter at <paramref name="now"/>. Called under the lock.</summary>
        private void Sweep(DateTimeOffset now)
        {
            _codes.Sweep(now);
            _attempts.Sweep(now);
        }

        /// <summary>Counts a change and tells the <see cref="Changed"/> handlers; called after the lock is released.</summary>
        private void OnChanged()
        {
            Interlocked.Increment(ref _version);
            Changed?.Invoke(this, EventArgs.Empty);
        }

        private string NewCode(int digits)
        {
            if (_options.CodeGenerator == null)
            {
                return SandboxIds.Code(digits);
            }

            var code = _options.CodeGenerator(digits);
            if (code == null || code.Length != digits || !IsDecimal(code))
            {
                throw new InvalidOperationException("MfaSandboxOptions.CodeGenerator must return exactly " + digits + " decimal digits.");
            }

            return code;
        }

        private static bool IsDecimal(string text)
        {
            foreach (var c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsMediaType(HttpContent? content, string mediaType)
        {
            var actual = content?.Headers.ContentType?.MediaType;
            return actual != null && string.Equals(actual, mediaType, StringComparison.OrdinalIgnoreCase);
        }

        private static string Describe(TimeSpan wait)
        {
            if (wait >= TimeSpan.FromMinutes(1))
            {
                var minutes = (long)Math.Ceiling(wait.TotalMinutes);
                return minutes.ToString(CultureInfo.InvariantCulture) + (minutes == 1 ? " minute" : " minutes");
            }

            var seconds = Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds));
            return seconds.ToString(CultureInfo.InvariantCulture) + (seconds == 1 ? " second" : " seconds");
        }

        private static HttpRequestException ConnectionRefused()
        {
            const string Text = "Connection refused (simulated by the MFA sandbox).";
            var socket = new SocketException((int)SocketError.ConnectionRefused);
#if NET8_0_OR_GREATER
            return new HttpRequestException(HttpRequestError.ConnectionError, Text, socket);
#else
            return new HttpRequestException(Text, socket);
#endif
        }

        private sealed class PendingFailure
        {
            private readonly MfaSandboxOperation? _operation;

            internal PendingFailure(MfaSandboxFailure failure, int times, MfaSandboxOperation? operation)
            {
                Failure = failure;
                Remaining = times;
                _operation = operation;
            }

            internal MfaSandboxFailure Failure { get; }

            internal int Remaining { get; set; }

            internal bool AppliesTo(MfaSandboxOperation operation)
            {
                return _operation.HasValue
                    ? _operation.Value == operation
                    : operation == MfaSandboxOperation.GenerateMessagingCode || operation == MfaSandboxOperation.GenerateVoiceCode || operation == MfaSandboxOperation.VerifyCode;
            }
        }
    }
}
