using Bandwidth.Mfa.Diagnostics;
using System;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>
    /// One code the sandbox "delivered": what the phone would have shown (or heard) and the code inside it. Read them from
    /// <see cref="MfaSandbox.Messages"/>, <see cref="MfaSandbox.MessagesTo"/> or <see cref="MfaSandbox.LastMessageTo"/>.
    /// </summary>
    public sealed class MfaSandboxMessage
    {
        internal MfaSandboxMessage(string id, MfaSandboxChannel channel, string accountId, string to, string from, string applicationId, string scope, string code, string text, DateTimeOffset sentAt)
        {
            Id = id;
            Channel = channel;
            AccountId = accountId;
            To = to;
            From = from;
            ApplicationId = applicationId;
            Scope = scope;
            Code = code;
            Text = text;
            SentAt = sentAt;
        }

        /// <summary>The <c>messageId</c> (text messages) or <c>callId</c> (voice calls) the sandbox answered with.</summary>
        public string Id { get; }

        /// <summary>Text message or voice call.</summary>
        public MfaSandboxChannel Channel { get; }

        /// <summary>The account id of the request path.</summary>
        public string AccountId { get; }

        /// <summary>The number the code went to.</summary>
        public string To { get; }

        /// <summary>The number the code came from.</summary>
        public string From { get; }

        /// <summary>The application id of the request.</summary>
        public string ApplicationId { get; }

        /// <summary>The scope the code is for; <c>2FA</c> when the request had none.</summary>
        public string Scope { get; }

        /// <summary>The code.</summary>
        public string Code { get; }

        /// <summary>The message with <c>{CODE}</c>, <c>{NAME}</c> and <c>{SCOPE}</c> replaced: what the user would read or hear.</summary>
        public string Text { get; }

        /// <summary>When the sandbox's clock said the code was sent.</summary>
        public DateTimeOffset SentAt { get; }

        /// <summary>Describes the message with the numbers masked (the code stays in <see cref="Text"/> and <see cref="Code"/>).</summary>
        /// <returns>A short description.</returns>
        public override string ToString()
        {
            return Channel + " " + Id + " to " + MfaRedaction.PhoneNumber(To) + " (scope " + Scope + ") at " + SentAt.ToString("o", System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
