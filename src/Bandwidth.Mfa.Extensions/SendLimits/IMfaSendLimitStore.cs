using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// Where the send limits keep their counts. One operation: check every limit of a send and, only when all allow it,
    /// record the send, atomically (two callers never both take the last allowed send). Implementations: the in-memory
    /// <see cref="MfaInMemorySendLimitStore"/> (one process) and the Redis store of <c>Bandwidth.Mfa.Redis</c> (every
    /// instance of a service).
    /// </summary>
    public interface IMfaSendLimitStore
    {
        /// <summary>Checks the limits of one send and records it when they allow it.</summary>
        /// <param name="request">The destination, the account, the limits and the time of the send.</param>
        /// <param name="cancellationToken">Cancelled when the caller gives up (the store timeout or the caller's token).</param>
        /// <returns>Allowed, or the rule that refused it and when a send would be allowed again.</returns>
        /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
        /// <exception cref="System.Exception">The store could not answer; the send guard applies <see cref="MfaSendLimitOptions.StoreFailure"/>.</exception>
        Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken);
    }
}
