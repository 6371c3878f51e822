namespace Bandwidth.Mfa.Testing
{
    /// <summary>What a request to the sandbox asked for.</summary>
    public enum MfaSandboxOperation
    {
        /// <summary><c>POST /accounts/{accountId}/code/messaging</c>.</summary>
        GenerateMessagingCode,

        /// <summary><c>POST /accounts/{accountId}/code/voice</c>.</summary>
        GenerateVoiceCode,

        /// <summary><c>POST /accounts/{accountId}/code/verify</c>.</summary>
        VerifyCode,

        /// <summary><c>POST .../oauth2/token</c>, the OAuth2 client-credentials token endpoint.</summary>
        Token,

        /// <summary>Any other path or method (answered 404 or 405).</summary>
        Unknown,
    }
}
