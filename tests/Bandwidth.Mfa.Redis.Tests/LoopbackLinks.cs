using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Redis.Tests;

/// <summary>
/// A TCP relay on a free loopback port in front of a Redis server that can hold what the client sends (a slow Redis, as
/// seen from the client: commands are written and wait) and let it through later, in order. Every socket and task it
/// opens is closed by <see cref="Dispose"/>.
/// </summary>
public sealed class SlowLink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _sockets = new();
    private TaskCompletionSource _open = Opened();
    private readonly Task _accepting;
    private volatile bool _broken;

    public SlowLink(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Endpoint => "127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Completes when bytes from the client wait in the link (after <see cref="Hold"/>).</summary>
    public TaskCompletionSource Holding { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>From now on, what the client sends waits in the link.</summary>
    public void Hold()
    {
        Holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _open, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Lets everything that waits through, in order.</summary>
    public void Resume() => Volatile.Read(ref _open).TrySetResult();

    /// <summary>Cuts every connection and refuses new ones (the server keeps its data): Redis is unreachable.</summary>
    public void Break()
    {
        _broken = true;
        lock (_sockets)
        {
            _sockets.ForEach(s => s.Dispose());
            _sockets.Clear();
        }
    }

    /// <summary>Accepts connections again.</summary>
    public void Mend() => _broken = false;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_sockets)
        {
            _sockets.ForEach(s => s.Dispose());
        }

        Resume();
        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                if (_broken)
                {
                    client.Dispose();
                    continue;
                }

                var server = new TcpClient();
                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                }

                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                _ = PumpAsync(client.GetStream(), server.GetStream(), held: true);
                _ = PumpAsync(server.GetStream(), client.GetStream(), held: false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool held)
    {
        var buffer = new byte[16384];
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                if (held)
                {
                    var open = Volatile.Read(ref _open);
                    if (!open.Task.IsCompleted)
                    {
                        Holding.TrySetResult();
                        await open.Task;
                    }
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or System.IO.IOException or ObjectDisposedException or SocketException)
        {
        }
    }
}

/// <summary>A loopback port that accepts connections and never answers (a Redis that hangs), closed by <see cref="Dispose"/>.</summary>
public sealed class SilentPort : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _accepted = new();
    private readonly Task _accepting;

    public SilentPort()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(c => c.Dispose());
        }

        try
        {
            _accepting.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_accepted)
                {
                    _accepted.Add(client);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }
}
