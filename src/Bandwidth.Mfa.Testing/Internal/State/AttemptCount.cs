using System;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>The wrong codes of one number since its last right code.</summary>
    internal sealed class AttemptCount
    {
        internal int Failures { get; set; }

        internal DateTimeOffset LastFailure { get; set; }
    }
}
