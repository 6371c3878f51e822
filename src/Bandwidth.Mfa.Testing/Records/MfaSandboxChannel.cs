namespace Bandwidth.Mfa.Testing
{
    /// <summary>How a code reached the phone.</summary>
    public enum MfaSandboxChannel
    {
        /// <summary>A text message (<c>generateMessagingCode</c>).</summary>
        Sms,

        /// <summary>A voice call that reads the message out (<c>generateVoiceCode</c>).</summary>
        Voice,
    }
}
