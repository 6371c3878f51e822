using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// Where the send limits keep their counts. Two operations: <see cref="TryAcquireAsync"/> checks every limit of a
    /// send and, only when all allow it, records the send, atomically (two callers never both take the last allowed
    /// send); <see cref="ReleaseAsync"/> takes a send back when it was not sent after all. Implementations: the in-memory
    /// <see cref="MfaInMemorySendLimitStore"/> (one process) and the Redis store of <c>Bandwidth.Mfa.Redis</c> (every
    /// instance of a service).
    /// </summary>
    /// <remarks>
    /// What a store must keep (both stores of the project do, and their tests pin it):
    /// <list type="bullet">
    /// <item>Each client's counts apart (<see cref="MfaSendLimitRequest.ClientName"/>; null, the unnamed client, is not <c>"default"</c>).</item>
    /// <item>The cooldown and the per-number window count the client's sends to the number for every account; the budget counts each account alone.</item>
    /// <item>No request's windows shorten the history another rule of the client still needs: a store keeps each client's sends for the longest window any of its requests asked for.</item>
    /// <item>A send released by <see cref="ReleaseAsync"/> leaves no record, also when its <see cref="TryAcquireAsync"/> arrives after the release.</item>
    /// </list>
    /// </remarks>
    public interface IMfaSendLimitStore
    {
        /// <summary>Checks the limits of one send and records it (under <see cref="MfaSendLimitRequest.SendId"/>) when they allow it.</summary>
        /// <param name="request">The client, the send's id, the destination, the account, the limits and the time of the send.</param>
        /// <param name="cancellationToken">Cancelled when the caller gives up (the store timeout or the caller's token).</param>
        /// <returns>Allowed, or the rule that refused it and when a send would be allowed again.</returns>
        /// <exception cref="System.OperationCanceledException">The token was cancelled.</exception>
        /// <exception cref="System.Exception">The store could not answer; the send guard applies <see cref="MfaSendLimitOptions.StoreFailure"/>. <see cref="MfaSendLimitStoreException"/> carries a cause that is safe to log.</exception>
        Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken);

        /// <summary>
        /// Takes back the send <paramref name="request"/> acquired, or may still acquire: the guard calls it when it gave
        /// up waiting for <see cref="TryAcquireAsync"/> (<see cref="MfaSendLimitOptions.StoreTimeout"/>, the caller's
        /// cancellation, a failure) or when the send it allowed never reached the service. Afterwards no record of the
        /// send may remain, and a <see cref="TryAcquireAsync"/> of the same <see cref="MfaSendLimitRequest.SendId"/> that
        /// arrives later must record nothing. Nobody waits for it; a store that cannot reach its backend should keep the
        /// release and apply it when it can.
        /// </summary>
        /// <param name="request">The request given to <see cref="TryAcquireAsync"/>.</param>
        /// <param name="cancellationToken">Cancelled when the client is disposed.</param>
        /// <returns>A task that completes when the release is applied (or kept for later).</returns>
        /// <exception cref="System.Exception">The store could not apply or keep the release.</exception>
        Task ReleaseAsync(MfaSendLimitRequest request, CancellationToken cancellationToken);
    }
}
