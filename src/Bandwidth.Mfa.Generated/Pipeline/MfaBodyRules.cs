namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>A request body that holds a secret the service might echo back (the verification code).</summary>
    internal interface IMfaSecretBody
    {
        /// <summary>The secret, or null.</summary>
        string? Secret { get; }
    }

    /// <summary>Rules a success body must meet beyond its JSON shape, checked by the response reader.</summary>
    internal interface IMfaSuccessRules
    {
        /// <summary>What is wrong with this success body, in words; null when it can be returned.</summary>
        string? ProblemOfSuccess();
    }
}
