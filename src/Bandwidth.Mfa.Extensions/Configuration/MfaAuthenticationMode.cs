namespace Bandwidth.Mfa.Configuration
{
    /// <summary>How the client authenticates.</summary>
    internal enum MfaAuthenticationMode
    {
        /// <summary>No credentials are configured.</summary>
        None,

        /// <summary>HTTP Basic with a user name and password.</summary>
        Basic,

        /// <summary>A fixed OAuth2 bearer token.</summary>
        BearerToken,

        /// <summary>OAuth2 client credentials; tokens are fetched and cached.</summary>
        ClientCredentials,
    }
}
