using System;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>
    /// Turns the sandbox's <see cref="MfaSandbox.Changed"/> event into something many listeners can await: a task that
    /// completes at the next change. Bursts coalesce, because a listener reads <see cref="MfaSandbox.Version"/> after it wakes.
    /// </summary>
    internal sealed class ChangeFeed : IDisposable
    {
        private readonly MfaSandbox _sandbox;
        private TaskCompletionSource<bool> _next = NewSignal();

        internal ChangeFeed(MfaSandbox sandbox)
        {
            _sandbox = sandbox;
            _sandbox.Changed += OnChanged;
        }

        /// <summary>A task that completes at the first change after this call.</summary>
        internal Task NextChange => Volatile.Read(ref _next).Task;

        public void Dispose()
        {
            _sandbox.Changed -= OnChanged;
            Volatile.Read(ref _next).TrySetResult(false);
        }

        private void OnChanged(object? sender, EventArgs e)
        {
            Interlocked.Exchange(ref _next, NewSignal()).TrySetResult(true);
        }

        private static TaskCompletionSource<bool> NewSignal() => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
