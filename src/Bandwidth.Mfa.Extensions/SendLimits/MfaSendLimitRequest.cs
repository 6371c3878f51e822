using System;

namespace Bandwidth.Mfa
{
    /// <summary>One send as the store sees it: its keys, the limits that apply and the time (from the client's <see cref="TimeProvider"/>, whole milliseconds).</summary>
    public sealed class MfaSendLimitRequest
    {
        /// <summary>Creates the request.</summary>
        /// <param name="destination">The destination number (E.164); stores that persist it must not keep it in clear.</param>
        /// <param name="accountId">The account the send is billed to.</param>
        /// <param name="now">The time of the send.</param>
        /// <param name="resendCooldown">The least time between two sends to the number; zero for none.</param>
        /// <param name="maxSendsPerNumber">The most sends to the number within <paramref name="numberWindow"/>; 0 for no limit.</param>
        /// <param name="numberWindow">The rolling window of <paramref name="maxSendsPerNumber"/>.</param>
        /// <param name="maxSendsPerAccount">The most sends of the account within <paramref name="accountWindow"/>; 0 for no limit.</param>
        /// <param name="accountWindow">The rolling window of <paramref name="maxSendsPerAccount"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> or <paramref name="accountId"/> is null.</exception>
        public MfaSendLimitRequest(string destination, string accountId, DateTimeOffset now, TimeSpan resendCooldown, int maxSendsPerNumber, TimeSpan numberWindow, int maxSendsPerAccount, TimeSpan accountWindow)
        {
            Destination = destination ?? throw new ArgumentNullException(nameof(destination));
            AccountId = accountId ?? throw new ArgumentNullException(nameof(accountId));
            Now = now;
            ResendCooldown = resendCooldown;
            MaxSendsPerNumber = maxSendsPerNumber;
            NumberWindow = numberWindow;
            MaxSendsPerAccount = maxSendsPerAccount;
            AccountWindow = accountWindow;
        }

        /// <summary>The destination number (E.164).</summary>
        public string Destination { get; }

        /// <summary>The account the send is billed to.</summary>
        public string AccountId { get; }

        /// <summary>The time of the send.</summary>
        public DateTimeOffset Now { get; }

        /// <summary>The least time between two sends to the number; zero for none.</summary>
        public TimeSpan ResendCooldown { get; }

        /// <summary>The most sends to the number within <see cref="NumberWindow"/>; 0 for no limit.</summary>
        public int MaxSendsPerNumber { get; }

        /// <summary>The rolling window of <see cref="MaxSendsPerNumber"/>.</summary>
        public TimeSpan NumberWindow { get; }

        /// <summary>The most sends of the account within <see cref="AccountWindow"/>; 0 for no limit.</summary>
        public int MaxSendsPerAccount { get; }

        /// <summary>The rolling window of <see cref="MaxSendsPerAccount"/>.</summary>
        public TimeSpan AccountWindow { get; }

        /// <summary>Describes the request with the destination masked.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString()
        {
            return "{ Destination = " + Diagnostics.MfaRedaction.PhoneNumber(Destination) + ", AccountId = " + AccountId + ", Now = " + Now.ToString("o", System.Globalization.CultureInfo.InvariantCulture) + " }";
        }
    }
}
