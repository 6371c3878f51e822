using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Errors
{
    /// <summary>
    /// A documented error body (implemented beside each error schema in <c>Partials/ErrorBodies.cs</c>): where its error
    /// text and request id are, and how its strings are scrubbed. The one place that knows the error schemas' fields.
    /// </summary>
    internal interface IMfaErrorBody
    {
        /// <summary>The service's error text, as sent.</summary>
        string? ErrorText { get; }

        /// <summary>The service's request id, as sent, if the schema has one.</summary>
        string? RequestId { get; }

        /// <summary>Replaces the call's secrets, in place, in every string of the body (its fields and unknown properties).</summary>
        void Scrub(MfaScrubber scrubber);
    }
}
