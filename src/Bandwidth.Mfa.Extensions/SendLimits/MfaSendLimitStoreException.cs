using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// A send-limit store could not decide a send, with a cause that is safe to log: the store writes it without phone
    /// numbers, keys, addresses or secrets (for example <c>Redis is not connected (UnableToConnect, ConnectionRefused)</c>).
    /// The send guard logs <see cref="Exception.Message"/> as the cause of event 1105 and reports it in the health check,
    /// then applies <see cref="MfaSendLimitOptions.StoreFailure"/>; the caller sees it as the inner exception of a
    /// <see cref="MfaSendRefusedException"/> with <see cref="MfaSendLimitRule.StoreUnavailable"/>.
    /// </summary>
    public sealed class MfaSendLimitStoreException : Exception
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="cause">What failed, safe to log: no phone number, key, address or secret, one line.</param>
        /// <param name="innerException">The store's own exception, or null (never logged by the client).</param>
        public MfaSendLimitStoreException(string cause, Exception? innerException)
            : base(cause, innerException)
        {
        }
    }
}
