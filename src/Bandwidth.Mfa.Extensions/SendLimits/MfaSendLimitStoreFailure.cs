namespace Bandwidth.Mfa
{
    /// <summary>What a send does when the send-limit store fails or does not answer within <see cref="MfaSendLimitOptions.StoreTimeout"/>.</summary>
    public enum MfaSendLimitStoreFailure
    {
        /// <summary>Refuse the send (<see cref="MfaSendLimitRule.StoreUnavailable"/>): limits never disappear under failure. The default.</summary>
        FailClosed,

        /// <summary>Send without limits, with a warning log line (event 1105, <c>SendLimitStoreUnavailable</c>).</summary>
        FailOpen,
    }
}
