using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing.Internal;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>The service half of the sandbox: what happens to one request, and the state it changes.</summary>
    public sealed partial class MfaSandbox
    {
        private static readonly Regex Placeholder = new Regex(@"\{(CODE|NAME|SCOPE)\}", RegexOptions.CultureInvariant);

        /// <summary>The longest window a verification may ask for; stored codes older than this can never verify again.</summary>
        private static readonly TimeSpan LongestExpiration = TimeSpan.FromMinutes(15);

        private readonly MfaSandboxOptions _options;

        // Everything below is guarded by _gate. One lock keeps the state simple and consistent; each request holds it for
        // microseconds and never across an await.
        private readonly object _gate = new object();
        private readonly List<MfaSandboxMessage> _outbox = new List<MfaSandboxMessage>();
        private readonly Dictionary<CodeKey, List<StoredCode>> _codes = new Dictionary<CodeKey, List<StoredCode>>();
        private readonly Dictionary<NumberKey, AttemptCount> _attempts = new Dictionary<NumberKey, AttemptCount>();
        private readonly Dictionary<string, IssuedToken> _tokens = new Dictionary<string, IssuedToken>(StringComparer.Ordinal);
        private readonly List<PendingFailure> _failures = new List<PendingFailure>();
        private readonly List<MfaSandboxRequest> _requests = new List<MfaSandboxRequest>();
        private readonly List<MfaSandboxVerification> _verifications = new List<MfaSandboxVerification>();
        private long _version;

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
            var body = request.Content == null ? null : await request.Content.ReadAsStringAsync().ConfigureAwait(false);
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
                var key = new CodeKey(accountId, to, effectiveScope);
                if (!_codes.TryGetValue(key, out var stored))
                {
                    stored = new List<StoredCode>();
                    _codes.Add(key, stored);
                }

                stored.RemoveAll(c => now - c.SentAt > LongestExpiration);
                stored.Add(new StoredCode(code, now));
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
            var codeLength = RequestBody.CodePoints(code);
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
                var number = new NumberKey(accountId, to);
                if (!_attempts.TryGetValue(number, out var attempts))
                {
                    attempts = new AttemptCount();
                    _attempts.Add(number, attempts);
                }

                if (attempts.LastFailure.HasValue && now - attempts.LastFailure.Value >= _options.VerificationCoolDown)
                {
                    attempts.Failures = 0;
                    attempts.LastFailure = null;
                }

                if (attempts.Failures >= _options.MaxFailedVerifications)
                {
                    var until = attempts.LastFailure!.Value + _options.VerificationCoolDown;
                    var wait = until - now;
                    Append(_verifications, new MfaSandboxVerification(accountId, to, effectiveScope, MfaSandboxVerificationResult.LockedOut, attempts.Failures, until, now));
                    return SandboxAnswer.Error((HttpStatusCode)429, "This number has exceeded verification attempts, please wait " + Describe(wait));
                }

                StoredCode? match = null;
                if (_codes.TryGetValue(new CodeKey(accountId, to, effectiveScope), out var stored))
                {
                    for (var i = stored.Count - 1; i >= 0; i--)
                    {
                        var candidate = stored[i];
                        var age = now - candidate.SentAt;
                        if (!candidate.Used && age >= TimeSpan.Zero && age <= window && string.Equals(candidate.Code, code, StringComparison.Ordinal))
                        {
                            match = candidate;
                            break;
                        }
                    }
                }

                if (match != null)
                {
                    match.Used = _options.SingleUseCodes;
                    attempts.Failures = 0;
                    attempts.LastFailure = null;
                }
                else
                {
                    attempts.Failures++;
                    attempts.LastFailure = now;
                }

                DateTimeOffset? lockedUntil = attempts.Failures >= _options.MaxFailedVerifications ? now + _options.VerificationCoolDown : (DateTimeOffset?)null;
                Append(_verifications, new MfaSandboxVerification(
                    accountId, to, effectiveScope, match != null ? MfaSandboxVerificationResult.Valid : MfaSandboxVerificationResult.Invalid, attempts.Failures, lockedUntil, now));
                return SandboxAnswer.Json(HttpStatusCode.OK, new JObject { ["valid"] = match != null });
            }
        }

        private SandboxAnswer IssueToken(HttpRequestMessage request, string? body, DateTimeOffset now)
        {
            if (!TryReadBasic(request.Headers.Authorization, out var clientId, out var clientSecret)
                || (_options.HasCredentials
                    ? _options.ClientId == null || clientId != _options.ClientId || clientSecret != (_options.ClientSecret ?? string.Empty)
                    : clientId.Length == 0))
            {
                return SandboxAnswer.Json(HttpStatusCode.Unauthorized, new JObject { ["error"] = "invalid_client", ["error_description"] = "Client authentication failed" });
            }

            if (!IsMediaType(request.Content, "application/x-www-form-urlencoded"))
            {
                return SandboxAnswer.Json(HttpStatusCode.BadRequest, new JObject { ["error"] = "invalid_request", ["error_description"] = "The body must be application/x-www-form-urlencoded" });
            }

            var grantType = FormValue(body, "grant_type");
            if (grantType == null)
            {
                return SandboxAnswer.Json(HttpStatusCode.BadRequest, new JObject { ["error"] = "invalid_request", ["error_description"] = "grant_type is required" });
            }

            if (grantType != "client_credentials")
            {
                return SandboxAnswer.Json(HttpStatusCode.BadRequest, new JObject { ["error"] = "unsupported_grant_type" });
            }

            var token = SandboxIds.AccessToken();
            lock (_gate)
            {
                _tokens[token] = new IssuedToken(now + _options.TokenLifetime);
            }

            return SandboxAnswer.Json(HttpStatusCode.OK, new JObject
            {
                ["access_token"] = token,
                ["token_type"] = "Bearer",
                ["expires_in"] = (long)Math.Ceiling(_options.TokenLifetime.TotalSeconds),
            });
        }

        private bool IsAuthorized(AuthenticationHeaderValue? header, string accountId, DateTimeOffset now)
        {
            if (header == null)
            {
                return false;
            }

            bool accepted;
            if (string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                accepted = TryReadBasic(header, out var username, out var password)
                    && (_options.HasCredentials
                        ? _options.Username != null && username == _options.Username && password == (_options.Password ?? string.Empty)
                        : username.Length > 0);
            }
            else if (string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(header.Parameter))
            {
                IssuedToken? issued;
                lock (_gate)
                {
                    _tokens.TryGetValue(header.Parameter!, out issued);
                }

                accepted = issued != null
                    ? !issued.Revoked && now < issued.ExpiresAt
                    : !_options.HasCredentials || (_options.AccessToken != null && header.Parameter == _options.AccessToken);
            }
            else
            {
                accepted = false;
            }

            return accepted && (_options.AccountIds.Count == 0 || _options.AccountIds.Contains(accountId));
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
                        await Task.Delay(failure.MaxWait, cancellationToken).ConfigureAwait(false);
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

        private static bool TryReadBasic(AuthenticationHeaderValue? header, out string username, out string password)
        {
            username = string.Empty;
            password = string.Empty;
            if (header == null || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(header.Parameter))
            {
                return false;
            }

            string decoded;
            try
            {
                decoded = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(header.Parameter!.Trim()));
            }
            catch (Exception exception) when (exception is FormatException || exception is ArgumentException)
            {
                return false;
            }

            var colon = decoded.IndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            username = decoded.Substring(0, colon);
            password = decoded.Substring(colon + 1);
            return true;
        }

        private static bool IsMediaType(HttpContent? content, string mediaType)
        {
            var actual = content?.Headers.ContentType?.MediaType;
            return actual != null && string.Equals(actual, mediaType, StringComparison.OrdinalIgnoreCase);
        }

        private static string? FormValue(string? body, string name)
        {
            foreach (var pair in (body ?? string.Empty).Split('&'))
            {
                var equals = pair.IndexOf('=');
                var key = Uri.UnescapeDataString((equals < 0 ? pair : pair.Substring(0, equals)).Replace('+', ' '));
                if (key == name)
                {
                    return equals < 0 ? string.Empty : Uri.UnescapeDataString(pair.Substring(equals + 1).Replace('+', ' '));
                }
            }

            return null;
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

        private readonly struct CodeKey : IEquatable<CodeKey>
        {
            private readonly string _account;
            private readonly string _to;
            private readonly string _scope;

            internal CodeKey(string account, string to, string scope)
            {
                _account = account;
                _to = to;
                _scope = scope;
            }

            public bool Equals(CodeKey other) =>
                string.Equals(_account, other._account, StringComparison.Ordinal)
                && string.Equals(_to, other._to, StringComparison.Ordinal)
                && string.Equals(_scope, other._scope, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is CodeKey other && Equals(other);

            public override int GetHashCode() => ((StringComparer.Ordinal.GetHashCode(_account) * 31) + StringComparer.Ordinal.GetHashCode(_to)) * 31 + StringComparer.Ordinal.GetHashCode(_scope);
        }

        private readonly struct NumberKey : IEquatable<NumberKey>
        {
            private readonly string _account;
            private readonly string _to;

            internal NumberKey(string account, string to)
            {
                _account = account;
                _to = to;
            }

            internal string Account => _account;

            internal string To => _to;

            public bool Equals(NumberKey other) =>
                string.Equals(_account, other._account, StringComparison.Ordinal) && string.Equals(_to, other._to, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is NumberKey other && Equals(other);

            public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(_account) * 31) + StringComparer.Ordinal.GetHashCode(_to);
        }

        private sealed class StoredCode
        {
            internal StoredCode(string code, DateTimeOffset sentAt)
            {
                Code = code;
                SentAt = sentAt;
            }

            internal string Code { get; }

            internal DateTimeOffset SentAt { get; }

            internal bool Used { get; set; }
        }

        private sealed class AttemptCount
        {
            internal int Failures { get; set; }

            internal DateTimeOffset? LastFailure { get; set; }
        }

        private sealed class IssuedToken
        {
            internal IssuedToken(DateTimeOffset expiresAt)
            {
                ExpiresAt = expiresAt;
            }

            internal DateTimeOffset ExpiresAt { get; }

            internal bool Revoked { get; set; }
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
