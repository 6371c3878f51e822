namespace Bandwidth.Mfa.AspNetCore.Identity
{
    /// <summary>Settings of the Identity token providers of <c>AddBandwidthMfaTokenProviders</c>.</summary>
    public sealed class MfaTokenProviderOptions
    {
        /// <summary>
        /// The name of the MFA client registered with <c>AddBandwidthMfa(name, ...)</c> to send and verify with; null (the
        /// default) for the unnamed client (<see cref="IMfaService"/>).
        /// </summary>
        public string? ClientName { get; set; }

        /// <summary>
        /// The provider that <c>UserManager.GenerateChangePhoneNumberTokenAsync</c> and <c>ChangePhoneNumberAsync</c> use
        /// (<c>IdentityOptions.Tokens.ChangePhoneNumberTokenProvider</c>): <see cref="MfaTokenProviders.Sms"/> (the default),
        /// <see cref="MfaTokenProviders.Voice"/>, or null to leave Identity's setting alone.
        /// </summary>
        public string? ChangePhoneNumberProvider { get; set; } = MfaTokenProviders.Sms;
    }
}
