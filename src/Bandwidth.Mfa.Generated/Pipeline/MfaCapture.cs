using System.Collections.Generic;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>What a <c>*WithHttpInfoAsync</c> call keeps of the answer besides the body.</summary>
    internal sealed class MfaCapture
    {
        internal int Status { get; private set; }

        internal IReadOnlyDictionary<string, IEnumerable<string>>? Headers { get; private set; }

        internal void From(MfaCall call)
        {
            Status = call.Status;
            Headers = call.Headers;
        }
    }
}
