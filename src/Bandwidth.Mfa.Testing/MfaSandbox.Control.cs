using System;
using Bandwidth.Mfa.Testing.Internal;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>The controls of the sandbox: injected failures, revocation, unlocking, clearing and resetting.</summary>
    public sealed partial class MfaSandbox
    {
        /// <summary>
        /// Makes the next <paramref name="times"/> requests for <paramref name="operation"/> fail with <paramref name="failure"/>
        /// instead of their normal answer. Failures queue up in the order they were added.
        /// </summary>
        /// <param name="failure">The failure, from one of the <see cref="MfaSandboxFailure"/> factories.</param>
        /// <param name="times">How many requests it applies to; at least 1.</param>
        /// <param name="operation">The operation it applies to; null for any of the three MFA operations (not the token endpoint).</param>
        public void FailNext(MfaSandboxFailure failure, int times = 1, MfaSandboxOperation? operation = null)
        {
            if (failure == null)
            {
                throw new ArgumentNullException(nameof(failure));
            }

            if (times < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(times), times, "Must be at least 1.");
            }

            if (operation == MfaSandboxOperation.Unknown)
            {
                throw new ArgumentException("Failures apply to the MFA operations or the token endpoint, not to unknown paths.", nameof(operation));
            }

            lock (_gate)
            {
                _failures.Add(new PendingFailure(failure, times, operation));
            }

            OnChanged();
        }

        /// <summary>Drops every injected failure that is still waiting for a request.</summary>
        public void ClearFailures()
        {
            lock (_gate)
            {
                _failures.Clear();
            }

            OnChanged();
        }

        /// <summary>Makes every access token the sandbox issued so far invalid (the next call with one answers 401), as a revocation would.</summary>
        public void RevokeIssuedTokens()
        {
            lock (_gate)
            {
                _tokens.RevokeAll();
            }

            OnChanged();
        }

        /// <summary>
        /// Unlocks a number: forgets the wrong codes counted for it, so a lockout ends at once and its next verification is
        /// decided as if the cool-down had passed. Codes already sent stay valid; the verification log keeps its entries.
        /// </summary>
        /// <param name="to">The E.164 number, as the requests sent it.</param>
        /// <param name="accountId">Only the count of this account; null for every account.</param>
        /// <returns>How many counts were forgotten (one per account with wrong codes for the number); 0 when there were none.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="to"/> is null.</exception>
        public int Unlock(string to, string? accountId = null)
        {
            if (to == null)
            {
                throw new ArgumentNullException(nameof(to));
            }

            int forgotten;
            lock (_gate)
            {
                forgotten = _attempts.Forget(to, accountId);
            }

            if (forgotten > 0)
            {
                OnChanged();
            }

            return forgotten;
        }

        /// <summary>Empties the outbox and the verification log; codes already sent stay valid and lockouts stay in force (see <see cref="Unlock"/>).</summary>
        public void ClearOutbox()
        {
            lock (_gate)
            {
                _outbox.Clear();
                _verifications.Clear();
            }

            OnChanged();
        }

        /// <summary>Forgets everything: the outbox, the verification log, stored codes, wrong-attempt counts (and so lockouts), issued tokens, injected failures and the request log.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                _outbox.Clear();
                _codes.Clear();
                _attempts.Clear();
                _tokens.Reset();
                _failures.Clear();
                _requests.Clear();
                _verifications.Clear();
            }

            OnChanged();
        }
    }
}
