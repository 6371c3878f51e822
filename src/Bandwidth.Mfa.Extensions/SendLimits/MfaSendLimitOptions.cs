using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The send limits (<see cref="MfaOptions.SendLimits"/>; null, the default, turns them off): checked before anything
    /// is sent, for sends through <see cref="IMfaService"/> and <see cref="IMfaClient"/> alike; verify calls are never
    /// limited. A refused send throws <see cref="MfaSendRefusedException"/> and sends nothing. The counts live in
    /// <see cref="Store"/>, or the registered <see cref="IMfaSendLimitStore"/> (in memory by default, Redis with the
    /// <c>Bandwidth.Mfa.Redis</c> package so that every instance of a service shares them).
    /// </summary>
    public sealed class MfaSendLimitOptions
    {
        /// <summary>
        /// E.164 country calling codes (1 to 3 digits, without '+', for example <c>"1"</c>, <c>"44"</c>) that may be sent to;
        /// empty (the default) allows every code not on <see cref="DeniedCallingCodes"/>. A destination matches a code when
        /// its digits after '+' start with it; when codes of both lists match, the longest one wins.
        /// </summary>
        public IList<string> AllowedCallingCodes { get; set; } = new List<string>();

        /// <summary>E.164 country calling codes (1 to 3 digits, without '+') that are never sent to. Default empty. A code may not be on both lists.</summary>
        public IList<string> DeniedCallingCodes { get; set; } = new List<string>();

        /// <summary>The least time between two sends to one number (the resend cooldown); zero turns it off. Default 30 seconds.</summary>
        public TimeSpan ResendCooldown { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>The most sends to one number within <see cref="NumberWindow"/>; 0 turns it off. Default 5.</summary>
        public int MaxSendsPerNumber { get; set; } = 5;

        /// <summary>The rolling window of <see cref="MaxSendsPerNumber"/>. Default 1 hour.</summary>
        public TimeSpan NumberWindow { get; set; } = TimeSpan.FromHours(1);

        /// <summary>The most sends of the account within <see cref="AccountWindow"/> (the budget that cuts off a surge); 0 turns it off. Default 0 (off): size it from your traffic.</summary>
        public int MaxSendsPerAccount { get; set; }

        /// <summary>The rolling window of <see cref="MaxSendsPerAccount"/>. Default 1 hour.</summary>
        public TimeSpan AccountWindow { get; set; } = TimeSpan.FromHours(1);

        /// <summary>How long the store may take to answer before <see cref="StoreFailure"/> applies (more than zero, at most 10 seconds). Default 250 ms.</summary>
        public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

        /// <summary>What a send does when the store fails or does not answer within <see cref="StoreTimeout"/>. Default <see cref="MfaSendLimitStoreFailure.FailClosed"/>.</summary>
        public MfaSendLimitStoreFailure StoreFailure { get; set; } = MfaSendLimitStoreFailure.FailClosed;

        /// <summary>
        /// The store to keep the counts in, set in code (for example for <c>MfaService.Create</c>); null uses the
        /// registered <see cref="IMfaSendLimitStore"/>, or, without DI, an in-memory store of the client.
        /// </summary>
        public IMfaSendLimitStore? Store { get; set; }

        /// <summary>The longest <see cref="StoreTimeout"/> accepted.</summary>
        public static readonly TimeSpan MaxStoreTimeout = TimeSpan.FromSeconds(10);

        /// <summary>Describes the limits.</summary>
        /// <returns>A description.</returns>
        public override string ToString()
        {
            return "{ AllowedCallingCodes = [" + string.Join(",", AllowedCallingCodes ?? new List<string>()) + "], DeniedCallingCodes = ["
                + string.Join(",", DeniedCallingCodes ?? new List<string>()) + "], ResendCooldown = " + ResendCooldown
                + ", MaxSendsPerNumber = " + MaxSendsPerNumber + ", NumberWindow = " + NumberWindow
                + ", MaxSendsPerAccount = " + MaxSendsPerAccount + ", AccountWindow = " + AccountWindow
                + ", StoreTimeout = " + StoreTimeout + ", StoreFailure = " + StoreFailure + " }";
        }
    }
}
