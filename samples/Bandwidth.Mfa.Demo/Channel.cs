namespace Bandwidth.Mfa.Demo
{
    /// <summary>How the code travels.</summary>
    internal enum Channel
    {
        Sms,
        Voice,
    }
}
