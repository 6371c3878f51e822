using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// One send as the store sees it: the client it belongs to, its unique id, its keys, the limits that apply and the
    /// time (from the client's <see cref="TimeProvider"/>, whole milliseconds). A store keeps each client's counts apart
    /// (<see cref="ClientName"/>); the number rules count the client's sends to <see cref="Destination"/> for every
    /// account, the account budget counts <see cref="AccountId"/>'s sends only.
    /// </summary>
    public sealed class MfaSendLimitRequest
    {
        /// <summary>Creates the request of a send of the unnamed client, with a new unique <see cref="SendId"/>.</summary>
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
            : this(null, NewSendId(), destination, accountId, now, resendCooldown, maxSendsPerNumber, numberWindow, maxSendsPerAccount, accountWindow)
        {
        }

        /// <summary>Creates the request of one send of a client.</summary>
        /// <param name="clientName">The name the client was registered under (<c>AddBandwidthMfa("brand-a", ...)</c>); null for the unnamed client.</param>
        /// <param name="sendId">The send's unique id (what <see cref="IMfaSendLimitStore.ReleaseAsync"/> takes back).</param>
        /// <param name="destination">The destination number (E.164); stores that persist it must not keep it in clear.</param>
        /// <param name="accountId">The account the send is billed to.</param>
        /// <param name="now">The time of the send.</param>
        /// <param name="resendCooldown">The least time between two sends to the number; zero for none.</param>
        /// <param name="maxSendsPerNumber">The most sends to the number within <paramref name="numberWindow"/>; 0 for no limit.</param>
        /// <param name="numberWindow">The rolling window of <paramref name="maxSendsPerNumber"/>.</param>
        /// <param name="maxSendsPerAccount">The most sends of the account within <paramref name="accountWindow"/>; 0 for no limit.</param>
        /// <param name="accountWindow">The rolling window of <paramref name="maxSendsPerAccount"/>.</param>
        /// <exception cref="ArgumentNullException"><paramref name="sendId"/>, <paramref name="destination"/> or <paramref name="accountId"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="sendId"/> is empty.</exception>
        public MfaSendLimitRequest(string? clientName, string sendId, string destination, string accountId, DateTimeOffset now, TimeSpan resendCooldown, int maxSendsPerNumber, TimeSpan numberWindow, int maxSendsPerAccount, TimeSpan accountWindow)
        {
            SendId = sendId ?? throw new ArgumentNullException(nameof(sendId));
            if (sendId.Length == 0)
            {
                throw new ArgumentException("The send id must not be empty.", nameof(sendId));
            }

            ClientName = clientName;
            Destination = destination ?? throw new ArgumentNullException(nameof(destination));
            AccountId = accountId ?? throw new ArgumentNullException(nameof(accountId));
            Now = now;
            ResendCooldown = resendCooldown;
            MaxSendsPerNumber = maxSendsPerNumber;
            NumberWindow = numberWindow;
            MaxSendsPerAccount = maxSendsPerAccount;
            AccountWindow = accountWindow;
        }

        /// <summary>The name the client was registered under; null for the unnamed client (distinct from a client named <c>default</c>).</summary>
        public string? ClientName { get; }

        /// <summary>The send's unique id.</summary>
        public string SendId { get; }

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

        /// <summary>How long the number's sends must be kept for this request's rules: the longer of the cooldown and the number's window (when that limit is on); zero when no number rule is on.</summary>
        public TimeSpan NumberRetention => MaxSendsPerNumber > 0 && NumberWindow > ResendCooldown ? NumberWindow : (ResendCooldown > TimeSpan.Zero ? ResendCooldown : TimeSpan.Zero);

        /// <summary>How long the account's sends must be kept for this request's rules: the account's window when the budget is on; zero otherwise.</summary>
        public TimeSpan AccountRetention => MaxSendsPerAccount > 0 && AccountWindow > TimeSpan.Zero ? AccountWindow : TimeSpan.Zero;

        /// <summary>A new unique send id (32 hexadecimal characters).</summary>
        /// <returns>The id.</returns>
        public static string NewSendId() => Guid.NewGuid().ToString("N");

        /// <summary>Describes the request with the destination masked.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString()
        {
            return "{ Client = " + (ClientName == null ? "(unnamed)" : "'" + ClientName + "'") + ", SendId = " + SendId
                + ", Destination = " + Diagnostics.MfaRedaction.PhoneNumber(Destination) + ", AccountId = " + AccountId
                + ", Now = " + Now.ToString("o", System.Globalization.CultureInfo.InvariantCulture) + " }";
        }
    }
}
