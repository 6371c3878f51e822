using System;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>A code the sandbox sent.</summary>
    internal sealed class StoredCode
    {
        internal StoredCode(string code, DateTimeOffset sentAt)
        {
            Code = code;
            SentAt = sentAt;
        }

        internal string Code { get; }

        internal DateTimeOffset SentAt { get; }

        /// <summary>Verified once with <see cref="MfaSandboxOptions.SingleUseCodes"/> on.</summary>
        internal bool Used { get; set; }
    }
}
