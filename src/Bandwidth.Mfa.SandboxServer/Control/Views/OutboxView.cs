using System;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary><c>GET /sandbox/api/outbox</c>: the sandbox's version and clock, its pending failures, and the newest messages, verifications and lockouts.</summary>
    internal sealed record OutboxView(long Version, DateTimeOffset Now, int PendingFailures, MessageView[] Messages, VerificationView[] Verifications, LockoutView[] Lockouts);
}
