using System;
using System.Text.Json;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>One entry of the verification log, as the JSON API writes it (without the code tried).</summary>
    internal sealed record VerificationView(string AccountId, string To, string Scope, string Result, int FailedAttempts, DateTimeOffset? LockedUntil, DateTimeOffset VerifiedAt)
    {
        internal static VerificationView Of(MfaSandboxVerification v) =>
            new VerificationView(v.AccountId, v.To, v.Scope, JsonNamingPolicy.CamelCase.ConvertName(v.Result.ToString()), v.FailedAttempts, v.LockedUntil, v.VerifiedAt);
    }
}
