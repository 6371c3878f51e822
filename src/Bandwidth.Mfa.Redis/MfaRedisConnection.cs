using System;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis
{
    /// <summary>
    /// The Redis connection of one store: either one the application owns (given in code), or one the store opens from
    /// <see cref="MfaRedisSendLimitOptions.Configuration"/> in the background, so that nothing ever waits for a connect:
    /// a send asks the store while it connects, and the send guard's <c>StoreTimeout</c> bounds the wait. Keeps the cause
    /// of the last connection failure (safe to log) and tells the store when the connection is back.
    /// </summary>
    internal abstract class MfaRedisConnection : IDisposable
    {
        private string? _lastFailure;
        private volatile bool _knownDown;

        /// <summary>Raised when Redis can be reached again (the store applies the releases it kept).</summary>
        internal event Action? Restored;

        /// <summary>The connection once it exists (connected or not).</summary>
        internal abstract Task<IConnectionMultiplexer> WhenCreated { get; }

        /// <summary>The cause of the last connection failure since the last success, or null.</summary>
        internal string? LastFailure => Volatile.Read(ref _lastFailure);

        /// <summary>Whether a connection attempt failed and none succeeded since: a send fails at once instead of waiting for the next attempt.</summary>
        internal bool KnownDown => _knownDown;

        /// <summary>Completes when the outcome of the first connection attempt is known: connected, or why not (for the tests).</summary>
        internal virtual Task FirstAttempt => Task.CompletedTask;

        /// <summary>A connection the application owns: used as it is, never disposed here.</summary>
        internal static MfaRedisConnection Given(IConnectionMultiplexer redis) => new GivenConnection(redis);

        /// <summary>A connection opened from a configuration string in the background, retried until it connects, owned.</summary>
        internal static MfaRedisConnection Open(string configuration) => new OwnedConnection(configuration);

        public abstract void Dispose();

        protected void Watch(IConnectionMultiplexer redis)
        {
            redis.ConnectionFailed += (_, e) => Volatile.Write(ref _lastFailure, MfaRedisErrors.Failure(e.FailureType, e.Exception));
            redis.ConnectionRestored += (_, _) =>
            {
                Volatile.Write(ref _lastFailure, null);
                Restored?.Invoke();
            };
        }

        protected void Failed(string cause)
        {
            Volatile.Write(ref _lastFailure, cause);
            _knownDown = true;
        }

        protected void Connected()
        {
            Volatile.Write(ref _lastFailure, null);
            _knownDown = false;
            Restored?.Invoke();
        }

        private sealed class GivenConnection : MfaRedisConnection
        {
            internal GivenConnection(IConnectionMultiplexer redis)
            {
                WhenCreated = Task.FromResult(redis);
                Watch(redis);
            }

            internal override Task<IConnectionMultiplexer> WhenCreated { get; }

            public override void Dispose()
            {
            }
        }

        private sealed class OwnedConnection : MfaRedisConnection
        {
            private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
            private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);
            private readonly CancellationTokenSource _disposed = new CancellationTokenSource();
            private readonly TaskCompletionSource<IConnectionMultiplexer> _created = new TaskCompletionSource<IConnectionMultiplexer>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly TaskCompletionSource<bool> _firstAttempt = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

            internal OwnedConnection(string configuration)
            {
                var settings = ConfigurationOptions.Parse(configuration);
                // The first connect throws with its cause (the loop below tries again); once connected, the library
                // reconnects by itself. A command never waits in the library's backlog while Redis is away: it fails at
                // once, so a send refused for it can never be recorded later.
                settings.AbortOnConnectFail = true;
                settings.BacklogPolicy = BacklogPolicy.FailFast;
                _ = Task.Run(() => ConnectAsync(settings));
            }

            internal override Task<IConnectionMultiplexer> WhenCreated => _created.Task;

            internal override Task FirstAttempt => _firstAttempt.Task;

            public override void Dispose()
            {
                if (_disposed.IsCancellationRequested)
                {
                    return;
                }

                _disposed.Cancel();
                if (_created.Task.IsCompleted)
                {
                    _created.Task.Result.Dispose();
                }
                else
                {
                    _created.TrySetCanceled();
                }
            }

            private async Task ConnectAsync(ConfigurationOptions settings)
            {
                var wait = FirstRetry;
                while (!_disposed.IsCancellationRequested)
                {
                    // A plain TCP connect beside the library's: the library reports only that it could not connect, and
                    // only after its connect timeout (several seconds); the socket tells at once whether Redis refused, so
                    // that sends fail meanwhile with that cause instead of waiting for the store timeout.
                    var probe = ProbeAsync(settings);
                    _ = probe.ContinueWith(
                        t =>
                        {
                            if (t.Status == TaskStatus.RanToCompletion && t.Result != null && !_created.Task.IsCompleted)
                            {
                                Failed("Redis is not connected (" + t.Result + ")");
                                _firstAttempt.TrySetResult(true);
                            }
                        },
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                    try
                    {
                        var redis = await ConnectionMultiplexer.ConnectAsync(settings).ConfigureAwait(false);
                        Watch(redis);
                        if (!_created.TrySetResult(redis) || _disposed.IsCancellationRequested)
                        {
                            redis.Dispose();
                            return;
                        }

                        Connected();
                        return;
                    }
                    catch (RedisConnectionException exception)
                    {
                        var socket = await probe.ConfigureAwait(false);
                        Failed("Redis is not connected (" + MfaRedisErrors.Failure(exception.FailureType, exception) + (socket == null ? string.Empty : ", " + socket) + ")");
                    }
                    catch (Exception exception)
                    {
                        Failed("Redis is not connected (" + exception.GetType().Name + ")");
                    }
                    finally
                    {
                        _firstAttempt.TrySetResult(true);
                    }

                    try
                    {
                        await Task.Delay(wait, _disposed.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }

                    wait = wait + wait > LastRetry ? LastRetry : wait + wait;
                }
            }

            /// <summary>The socket error of a plain TCP connect to the first endpoint, or null when it connects (bounded by the connect timeout, at most 2 s).</summary>
            private async Task<string?> ProbeAsync(ConfigurationOptions settings)
            {
                if (settings.EndPoints.Count == 0)
                {
                    return null;
                }

                using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
                {
                    try
                    {
                        var connect = socket.ConnectAsync(settings.EndPoints[0]);
                        var limit = Task.Delay(TimeSpan.FromMilliseconds(Math.Min(settings.ConnectTimeout, 2000)), _disposed.Token);
                        if (await Task.WhenAny(connect, limit).ConfigureAwait(false) != connect)
                        {
                            _ = connect.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                            return SocketError.TimedOut.ToString();
                        }

                        await connect.ConfigureAwait(false);
                        return null;
                    }
                    catch (SocketException exception)
                    {
                        return exception.SocketErrorCode.ToString();
                    }
                    catch (Exception)
                    {
                        return null;
                    }
                }
            }
        }
    }
}
