using System;
using System.Collections.Generic;
using System.Linq;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>The reading half of the sandbox: its outbox, logs, lockouts and pending failures, as snapshots.</summary>
    public sealed partial class MfaSandbox
    {
        /// <summary>Every message sent so far, oldest first (a snapshot).</summary>
        public IReadOnlyList<MfaSandboxMessage> Messages
        {
            get
            {
                lock (_gate)
                {
                    return _outbox.ToArray();
                }
            }
        }

        /// <summary>Every request received so far, oldest first (a snapshot); it holds no credentials, bodies or codes.</summary>
        public IReadOnlyList<MfaSandboxRequest> Requests
        {
            get
            {
                lock (_gate)
                {
                    return _requests.ToArray();
                }
            }
        }

        /// <summary>
        /// Every verification the sandbox decided so far, oldest first (a snapshot): the right and wrong codes and the
        /// answers refused by a lockout. Requests refused before a decision (credentials, body) are only in <see cref="Requests"/>.
        /// </summary>
        public IReadOnlyList<MfaSandboxVerification> Verifications
        {
            get
            {
                lock (_gate)
                {
                    return _verifications.ToArray();
                }
            }
        }

        /// <summary>The numbers locked out of verification right now, by the sandbox's clock (a snapshot).</summary>
        public IReadOnlyList<MfaSandboxLockout> Lockouts
        {
            get
            {
                var now = TimeProvider.GetUtcNow();
                lock (_gate)
                {
                    Sweep(now);
                    return _attempts.Lockouts(_options.MaxFailedVerifications, now);
                }
            }
        }

        /// <summary>How many injected failures are still waiting for a request.</summary>
        public int PendingFailures
        {
            get
            {
                lock (_gate)
                {
                    return _failures.Sum(f => f.Remaining);
                }
            }
        }

        /// <summary>The messages sent to <paramref name="to"/>, oldest first.</summary>
        /// <param name="to">The E.164 number.</param>
        /// <returns>A snapshot; empty when none.</returns>
        public IReadOnlyList<MfaSandboxMessage> MessagesTo(string to)
        {
            lock (_gate)
            {
                return _outbox.Where(m => string.Equals(m.To, to, StringComparison.Ordinal)).ToArray();
            }
        }

        /// <summary>The last message sent to <paramref name="to"/>, or null when none was.</summary>
        /// <param name="to">The E.164 number.</param>
        /// <returns>The message or null.</returns>
        public MfaSandboxMessage? LastMessageTo(string to)
        {
            lock (_gate)
            {
                for (var i = _outbox.Count - 1; i >= 0; i--)
                {
                    if (string.Equals(_outbox[i].To, to, StringComparison.Ordinal))
                    {
                        return _outbox[i];
                    }
                }
            }

            return null;
        }

        /// <summary>The code of the last message sent to <paramref name="to"/> (for <paramref name="scope"/>, when given).</summary>
        /// <param name="to">The E.164 number.</param>
        /// <param name="scope">Only codes sent for this scope (<c>2FA</c> for requests without one); null for any scope.</param>
        /// <returns>The code.</returns>
        /// <exception cref="InvalidOperationException">No such code was sent.</exception>
        public string LastCodeTo(string to, string? scope = null)
        {
            lock (_gate)
            {
                for (var i = _outbox.Count - 1; i >= 0; i--)
                {
                    var message = _outbox[i];
                    if (string.Equals(message.To, to, StringComparison.Ordinal) && (scope == null || string.Equals(message.Scope, scope, StringComparison.Ordinal)))
                    {
                        return message.Code;
                    }
                }

                throw new InvalidOperationException("The MFA sandbox sent no code to " + MfaRedaction.PhoneNumber(to)
                    + (scope == null ? string.Empty : " for scope '" + scope + "'") + "; its outbox holds " + _outbox.Count + " message(s).");
            }
        }
    }
}
