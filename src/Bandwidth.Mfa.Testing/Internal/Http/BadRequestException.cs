using System;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>A request broke a rule; the message is the <c>error</c> text of the 400 answer.</summary>
    internal sealed class BadRequestException : Exception
    {
        internal BadRequestException(string message)
            : base(message)
        {
        }
    }
}
