using System;
using System.Globalization;
using System.Net;
using Bandwidth.Mfa.Testing.Internal;
using Bandwidth.Mfa.Validation;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>Verifications: a code compared within its window and scope, wrong codes counted, lockouts answered 429.</summary>
    public sealed partial class MfaSandbox
    {
        private SandboxAnswer Verify(string accountId, RequestBody json, DateTimeOffset now)
        {
            var to = json.PhoneNumber("to");
            var scope = json.OptionalString("scope");
            var minutes = json.RequiredNumber("expirationTimeInMinutes", SpecLimits.MinExpirationMinutes, SpecLimits.MaxExpirationMinutes);
            var code = json.RequiredString("code");
            var codeLength = MfaCodePoints.Length(code);
            if (codeLength < SpecLimits.MinCodeLength || codeLength > SpecLimits.MaxCodeLength)
            {
                throw new BadRequestException("code must be " + SpecLimits.MinCodeLength + " to " + SpecLimits.MaxCodeLength + " characters long");
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
    }
}
