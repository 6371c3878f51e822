using System;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>A bad command line; the message is one line.</summary>
    internal sealed class DemoArgumentException : Exception
    {
        internal DemoArgumentException(string message)
            : base(message)
        {
        }
    }
}
