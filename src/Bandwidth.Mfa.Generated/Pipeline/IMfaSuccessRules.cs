namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>Rules a success body must meet beyond its JSON shape, checked by the response reader.</summary>
    internal interface IMfaSuccessRules
    {
        /// <summary>What is wrong with this success body, in words; null when it can be returned.</summary>
        string? ProblemOfSuccess();
    }
}
