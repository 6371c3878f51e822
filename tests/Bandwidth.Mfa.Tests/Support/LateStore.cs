using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// A store that answers late, under the test's control, in front of a real store: the next acquire waits for
/// <see cref="AnswerAcquire"/> (whatever the guard's token says, as a slow Redis would) and then runs on the inner store;
/// releases run at once, or after <see cref="LetReleaseThrough"/> when <see cref="HoldReleases"/> is set. Later acquires
/// go straight through. Every step signals, so a test waits on signals, never on time.
/// </summary>
public sealed class LateStore(IMfaSendLimitStore inner) : IMfaSendLimitStore
{
    private readonly TaskCompletionSource _answer = New();
    private readonly TaskCompletionSource _releaseGate = New();
    private int _held;

    public TaskCompletionSource Asked { get; } = New();

    public TaskCompletionSource<MfaSendLimitDecision> AcquireDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReleaseCalled { get; } = New();

    public TaskCompletionSource ReleaseDone { get; } = New();

    public bool HoldReleases { get; set; }

    public int Releases => Volatile.Read(ref _releases);

    private int _releases;

    public void AnswerAcquire() => _answer.TrySetResult();

    public void LetReleaseThrough() => _releaseGate.TrySetResult();

    public async Task<MfaSendLimitDecision> TryAcquireAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _held, 1) == 1)
        {
            return await inner.TryAcquireAsync(request, cancellationToken);
        }

        Asked.TrySetResult();
        await _answer.Task;
        var decision = await inner.TryAcquireAsync(request, CancellationToken.None);
        AcquireDone.TrySetResult(decision);
        return decision;
    }

    public async Task ReleaseAsync(MfaSendLimitRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _releases);
        ReleaseCalled.TrySetResult();
        if (HoldReleases)
        {
            await _releaseGate.Task;
        }

        await inner.ReleaseAsync(request, cancellationToken);
        ReleaseDone.TrySetResult();
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
