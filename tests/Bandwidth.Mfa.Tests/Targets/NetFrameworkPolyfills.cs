#if NETFRAMEWORK
// The few .NET (Core) types and members the tests use, for the net472 target (the libraries' netstandard2.0 build on
// Mono or .NET Framework), each written over what .NET Framework has. Test code only: the libraries never see these.

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace System
{
    /// <summary>C# 8's index (<c>^1</c>), which .NET Framework does not define.</summary>
    internal readonly struct Index
    {
        private readonly int _value;

        public Index(int value, bool fromEnd = false) => _value = fromEnd ? ~value : value;

        public bool IsFromEnd => _value < 0;

        public int Value => _value < 0 ? ~_value : _value;

        public static implicit operator Index(int value) => new(value);

        public static Index Start => new(0);

        public static Index End => new(0, fromEnd: true);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int GetOffset(int length) => IsFromEnd ? length - Value : Value;
    }

    /// <summary>C# 8's range (<c>a..b</c>), which .NET Framework does not define.</summary>
    internal readonly struct Range
    {
        public Range(Index start, Index end)
        {
            Start = start;
            End = end;
        }

        public Index Start { get; }

        public Index End { get; }

        public static Range All => new(Index.Start, Index.End);

        public static Range StartAt(Index start) => new(start, Index.End);

        public static Range EndAt(Index end) => new(Index.Start, end);

        public (int Offset, int Length) GetOffsetAndLength(int length)
        {
            var start = Start.GetOffset(length);
            var end = End.GetOffset(length);
            if ((uint)end > (uint)length || (uint)start > (uint)end)
            {
                throw new ArgumentOutOfRangeException(nameof(length));
            }

            return (start, end - start);
        }
    }

    /// <summary><c>string.Split(string)</c>.</summary>
    internal static class StringPolyfills
    {
        public static string[] Split(this string text, string separator) => text.Split(new[] { separator }, StringSplitOptions.None);
    }
}

namespace System.Runtime.CompilerServices
{
    /// <summary>What the compiler needs for a range over an array (<c>array[1..]</c>).</summary>
    internal static class RuntimeHelpers
    {
        public static T[] GetSubArray<T>(T[] array, Range range)
        {
            var (offset, length) = range.GetOffsetAndLength(array.Length);
            var result = new T[length];
            Array.Copy(array, offset, result, 0, length);
            return result;
        }
    }
}

namespace System.Threading.Tasks
{
    /// <summary>.NET 5's non-generic completion source, over the generic one.</summary>
    public sealed class TaskCompletionSource
    {
        private readonly TaskCompletionSource<bool> _inner;

        public TaskCompletionSource() => _inner = new TaskCompletionSource<bool>();

        public TaskCompletionSource(TaskCreationOptions options) => _inner = new TaskCompletionSource<bool>(options);

        public Task Task => _inner.Task;

        public void SetResult() => _inner.SetResult(true);

        public bool TrySetResult() => _inner.TrySetResult(true);

        public void SetException(Exception exception) => _inner.SetException(exception);

        public bool TrySetException(Exception exception) => _inner.TrySetException(exception);

        public void SetCanceled() => _inner.SetCanceled();

        public bool TrySetCanceled() => _inner.TrySetCanceled();

        public bool TrySetCanceled(CancellationToken cancellationToken) => _inner.TrySetCanceled(cancellationToken);
    }

    /// <summary>.NET 6's <c>WaitAsync</c>: the task, or a <see cref="TimeoutException"/> / cancellation when that comes first.</summary>
    internal static class TaskPolyfills
    {
        public static Task WaitAsync(this Task task, TimeSpan timeout) => task.WaitAsync(timeout, CancellationToken.None);

        public static Task WaitAsync(this Task task, CancellationToken cancellationToken) => task.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);

        public static async Task WaitAsync(this Task task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            await Limit(task, timeout, cancellationToken).ConfigureAwait(false);
            await task.ConfigureAwait(false);
        }

        public static Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout) => task.WaitAsync(timeout, CancellationToken.None);

        public static Task<T> WaitAsync<T>(this Task<T> task, CancellationToken cancellationToken) => task.WaitAsync(Timeout.InfiniteTimeSpan, cancellationToken);

        public static async Task<T> WaitAsync<T>(this Task<T> task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            await Limit(task, timeout, cancellationToken).ConfigureAwait(false);
            return await task.ConfigureAwait(false);
        }

        private static async Task Limit(Task task, TimeSpan timeout, CancellationToken cancellationToken)
        {
            if (task.IsCompleted)
            {
                return;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, stop.Token);
            if (await Task.WhenAny(task, delay).ConfigureAwait(false) == task)
            {
                stop.Cancel();
                return;
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException();
        }
    }
}

namespace System
{
    /// <summary><c>ConcurrentQueue.Clear</c> (in <c>System</c>, where the files that clear a queue look).</summary>
    internal static class ConcurrentQueuePolyfills
    {
        public static void Clear<T>(this ConcurrentQueue<T> queue)
        {
            while (queue.TryDequeue(out _))
            {
            }
        }
    }
}

namespace System.IO
{
    /// <summary>The whole-array writes of .NET's <c>Stream</c>.</summary>
    internal static class StreamPolyfills
    {
        public static void Write(this Stream stream, byte[] bytes) => stream.Write(bytes, 0, bytes.Length);

        public static Task WriteAsync(this Stream stream, byte[] bytes, CancellationToken cancellationToken = default) =>
            stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken);
    }
}

namespace System.Net.Sockets
{
    /// <summary>.NET's cancellable socket calls, over .NET Framework's task-based ones (cancelling stops the wait).</summary>
    internal static class SocketPolyfills
    {
        public static Task<Socket> AcceptAsync(this Socket socket, CancellationToken cancellationToken) =>
            SocketTaskExtensions.AcceptAsync(socket).WaitAsync(cancellationToken);

        public static ValueTask<int> SendAsync(this Socket socket, ReadOnlyMemory<byte> bytes, SocketFlags flags, CancellationToken cancellationToken) =>
            new(SocketTaskExtensions.SendAsync(socket, new ArraySegment<byte>(bytes.ToArray()), flags).WaitAsync(cancellationToken));

        public static ValueTask<int> ReceiveAsync(this Socket socket, byte[] buffer, SocketFlags flags, CancellationToken cancellationToken) =>
            new(SocketTaskExtensions.ReceiveAsync(socket, new ArraySegment<byte>(buffer), flags).WaitAsync(cancellationToken));

        public static Task<int> ReceiveAsync(this Socket socket, byte[] buffer, SocketFlags flags) =>
            SocketTaskExtensions.ReceiveAsync(socket, new ArraySegment<byte>(buffer), flags);
    }
}
#endif
