namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>The channel of a send, from the spec's <c>x-mfa-channel</c>.</summary>
    internal enum MfaChannel
    {
        /// <summary>Not a send, or a send without <c>x-mfa-channel</c>.</summary>
        None,

        /// <summary>A text message (<c>messaging</c>; the <c>mfa.channel</c> tag says <c>sms</c>).</summary>
        Messaging,

        /// <summary>A voice call (<c>voice</c>).</summary>
        Voice,
    }
}
