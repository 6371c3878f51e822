namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>A request body that holds a secret the service might echo back (the verification code).</summary>
    internal interface IMfaSecretBody
    {
        /// <summary>The secret, or null.</summary>
        string? Secret { get; }
    }
}
