namespace Bandwidth.Mfa.AspNetCore.Identity
{
    /// <summary>The names under which <c>AddBandwidthMfaTokenProviders</c> registers its Identity token providers.</summary>
    public static class MfaTokenProviders
    {
        /// <summary>The provider that texts the code: pass it to <c>TwoFactorSignInAsync</c> and <c>GenerateTwoFactorTokenAsync</c>.</summary>
        public const string Sms = "BandwidthSms";

        /// <summary>The provider that calls the user and reads the code out.</summary>
        public const string Voice = "BandwidthVoice";

        /// <summary>
        /// What the providers' <c>GenerateAsync</c> returns instead of a token: Bandwidth makes, sends and checks the code
        /// itself, so the application has nothing to send. Not a secret; never a code.
        /// </summary>
        public const string SentMarker = "[sent by Bandwidth MFA]";

        /// <summary>The login provider under which the pending send of each purpose is kept in the user's authentication tokens.</summary>
        public const string TokenStoreLoginProvider = "[BandwidthMfa]";
    }
}
