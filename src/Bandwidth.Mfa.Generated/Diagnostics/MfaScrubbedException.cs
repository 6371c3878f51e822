using System;

namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>Stands in for an inner exception whose message held a secret; its message names the original type.</summary>
    internal sealed class MfaScrubbedException : Exception
    {
        internal MfaScrubbedException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
