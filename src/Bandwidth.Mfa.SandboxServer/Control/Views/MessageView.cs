using System;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>One message of the outbox, with its code and text, as the JSON API writes it.</summary>
    internal sealed record MessageView(string Id, string Channel, string AccountId, string To, string From, string ApplicationId, string Scope, string Code, string Text, DateTimeOffset SentAt)
    {
        internal static MessageView Of(MfaSandboxMessage m) =>
            new MessageView(m.Id, m.Channel == MfaSandboxChannel.Sms ? "sms" : "voice", m.AccountId, m.To, m.From, m.ApplicationId, m.Scope, m.Code, m.Text, m.SentAt);
    }
}
