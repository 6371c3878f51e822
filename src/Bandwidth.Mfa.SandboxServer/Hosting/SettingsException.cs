using System;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>A command line the server refuses, with a one-line reason that names the option and its rule.</summary>
    internal sealed class SettingsException : Exception
    {
        internal SettingsException(string message)
            : base(message)
        {
        }
    }
}
