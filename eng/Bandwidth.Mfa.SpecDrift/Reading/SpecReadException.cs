using System;

namespace Bandwidth.Mfa.SpecDrift.Reading;

/// <summary>A document that cannot be read or used; the message is the one line the command prints (exit code 2).</summary>
internal sealed class SpecReadException : Exception
{
    /// <summary>Creates the exception with its one-line reason.</summary>
    public SpecReadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its one-line reason and the failure behind it.</summary>
    public SpecReadException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
