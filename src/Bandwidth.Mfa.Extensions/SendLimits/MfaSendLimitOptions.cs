using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The send limits (<see cref="MfaOptions.SendLimits"/>; null, the default, turns them off): checked before anything
    /// is sent, for sends through <see cref="IMfaService"/> and <see cref="IMfaClient"/> alike; verify calls are never
    /// limited. A refused send throws <see cref="MfaSendRefusedException"/>, sends nothing and is not counted. The counts
    /// live in <see cref="Store"/>, or the store registered for the client (in memory by default, Redis with the
    /// <c>Bandwidth.Mfa.Redis</c> package so that every instance of a service shares them). Each client keeps its own
    /// counts: two clients never share, shorten or exhaust each other's limits, even in one store.
    /// </summary>
    public sealed class MfaSendLimitOptions
    {
        /// <summary>
        /// Destination prefixes that may be sent to: digits of an E.164 number after '+', a country calling code optionally
        /// followed by more digits (<c>"1"</c>, <c>"44"</c>, <c>"1876"</c>), 1 to 15 digits without '+'. Empty (the
        /// default) allows every destination not denied. When prefixes of both lists match a destination, the longest
        /// one wins; a prefix may not be on both lists.
        /// </summary>
        public IList<string> AllowedPrefixes { get; set; } = new List<string>();

        /// <summary>Destination prefixes (as <see cref="AllowedPrefixes"/>) that are never sent to, unless a longer allowed prefix matches. Default empty.</summary>
        public IList<string> DeniedPrefixes { get; set; } = new List<string>();

        /// <summary>
        /// Denies the NANP area codes (country code 1) of the countries outside the United States and Canada
        /// (<see cref="MfaPrefixLists.NanpOutsideUsAndCanada"/>: the Caribbean members and Bermuda, for example Jamaica,
        /// <c>1876</c>), so that allowing <c>"1"</c> allows the US (its territories included) and Canada only. Default
        /// false. A prefix of that list that is also on <see cref="AllowedPrefixes"/> stays allowed.
        /// </summary>
        public bool DenyNanpOutsideUsAndCanada { get; set; }

        /// <summary>The former name of <see cref="AllowedPrefixes"/>, still read (its entries are added to that list); takes prefixes as well.</summary>
        [Obsolete("Use AllowedPrefixes (destination prefixes); this name is still read.")]
        public IList<string> AllowedCallingCodes { get; set; } = new List<string>();

        /// <summary>The former name of <see cref="DeniedPrefixes"/>, still read (its entries are added to that list); takes prefixes as well.</summary>
        [Obsolete("Use DeniedPrefixes (destination prefixes); this name is still read.")]
        public IList<string> DeniedCallingCodes { get; set; } = new List<string>();

        /// <summary>
        /// The least time between two sends to one number (the resend cooldown); zero turns it off. Default 30 seconds.
        /// Counts the client's sends to the number for every account it bills.
        /// </summary>
        public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The most sends to one number within <see cref="NumberWindow"/>, for every account the client bills; 0 turns it off. Default 5.</summary>
        public int MaxSendsPerNumber { get; set; } = 5;

        /// <summary>The rolling window of <see cref="MaxSendsPerNumber"/>. Default 1 hour.</summary>
        public TimeSpan NumberWindow { get; set; } = TimeSpan.FromHours(1);

        /// <summary>The most sends billed to one account within <see cref="AccountWindow"/> (the budget that cuts off a surge; each account has its own); 0 turns it off. Default 0 (off): size it from your traffic.</summary>
        public int MaxSendsPerAccount { get; set; }

        /// <summary>The rolling window of <see cref="MaxSendsPerAccount"/>. Default 1 hour.</summary>
        public TimeSpan AccountWindow { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How long the store may take to answer before <see cref="StoreFailure"/> applies (more than zero, at most 10 seconds). No send waits longer for the store. Default 250 ms.</summary>
        public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>What a send does when the store fails or does not answer within <see cref="StoreTimeout"/>. Default <see cref="MfaSendLimitStoreFailure.FailClosed"/>.</summary>
        public MfaSendLimitStoreFailure StoreFailure { get; set; } = MfaSendLimitStoreFailure.FailClosed;

        /// <summary>
        /// The store to keep the counts in, set in code (for example for <c>MfaService.Create</c>); null uses the store
        /// registered for the client (<c>UseSendLimitStore</c>, <c>UseRedisSendLimits</c>), else the container's
        /// <see cref="IMfaSendLimitStore"/>, or, without DI, an in-memory store of the client.
        /// </summary>
        public IMfaSendLimitStore? Store { get; set; }

        /// <summary>The longest <see cref="StoreTimeout"/> accepted.</summary>
        public static readonly TimeSpan MaxStoreTimeout = TimeSpan.FromSeconds(10);

        /// <summary>Describes the limits.</summary>
        /// <returns>A description.</returns>
        public override string ToString()
        {
#pragma warning disable CS0618 // the obsolete aliases are still read
            var allowed = Join(AllowedPrefixes, AllowedCallingCodes);
            var denied = Join(DeniedPrefixes, DeniedCallingCodes);
#pragma warning restore CS0618
            return "{ AllowedPrefixes = [" + allowed + "], DeniedPrefixes = [" + denied + "]"
                + ", DenyNanpOutsideUsAndCanada = " + (DenyNanpOutsideUsAndCanada ? "true" : "false")
                + ", ResendCooldown = " + ResendCooldown
                + ", MaxSendsPerNumber = " + MaxSendsPerNumber + ", NumberWindow = " + NumberWindow
                + ", MaxSendsPerAccount = " + MaxSendsPerAccount + ", AccountWindow = " + AccountWindow
                + ", StoreTimeout = " + StoreTimeout + ", StoreFailure = " + StoreFailure + " }";
        }

        private static string Join(IList<string>? first, IList<string>? second)
        {
            var all = new List<string>();
            all.AddRange(first ?? Array.Empty<string>());
            all.AddRange(second ?? Array.Empty<string>());
            return string.Join(",", all);
        }
    }
}
