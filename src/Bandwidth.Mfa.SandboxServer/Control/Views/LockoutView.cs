using System;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>A number locked out of verification, and until when.</summary>
    internal sealed record LockoutView(string AccountId, string To, int FailedAttempts, DateTimeOffset Until)
    {
        internal static LockoutView Of(MfaSandboxLockout l) => new LockoutView(l.AccountId, l.To, l.FailedAttempts, l.Until);
    }
}
