using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Garnet;
using NUnit.Framework;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis.Tests;

/// <summary>A Redis-protocol server on a free loopback port, started by a test and stopped (or disposed) by it.</summary>
public abstract class RedisBackend : IDisposable
{
    public const string Garnet = "garnet";
    public const string RedisServer = "redis-server";

    protected RedisBackend(int port)
    {
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => "127.0.0.1:" + Port;

    public static RedisBackend Start(string kind) => Start(kind, FreePort());

    /// <summary>Starts a server on <paramref name="port"/>.</summary>
    public static RedisBackend Start(string kind, int port) => kind switch
    {
        Garnet => new GarnetBackend(port),
        RedisServer => new RedisServerBackend(port),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Where redis-server is on the PATH, or null.</summary>
    public static string? FindRedisServer()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>A connection that fails fast while the server is gone (no backlog), as the store-failure tests need.</summary>
    public ConnectionMultiplexer Connect()
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { Endpoint },
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = 5000,
            AsyncTimeout = 5000,
            SyncTimeout = 5000,
        };
        var connection = ConnectionMultiplexer.Connect(options);
        Assert.That(connection.IsConnected, Is.True, "connected to " + Endpoint);
        return connection;
    }

    /// <summary>Stops the server mid-run.</summary>
    public abstract void Stop();

    /// <summary>Starts the server again on the same port, empty (a restart).</summary>
    public abstract void Restart();

    /// <summary>A free loopback port (nothing listens on it once this returns).</summary>
    public static int FreeLoopbackPort() => FreePort();

    public void Dispose()
    {
        Stop();
        GC.SuppressFinalize(this);
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private sealed class GarnetBackend : RedisBackend
    {
        private GarnetServer? _server;

        internal GarnetBackend(int port)
            : base(port)
        {
            Restart();
        }

        public override void Restart()
        {
            Stop();
            _server = new GarnetServer(new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--lua", "true" });
            _server.Start();
        }

        public override void Stop()
        {
            Interlocked.Exchange(ref _server, null)?.Dispose();
        }
    }

    private sealed class RedisServerBackend : RedisBackend
    {
        private Process? _process;

        internal RedisServerBackend(int port)
            : base(port)
        {
            Restart();
        }

        public override void Restart()
        {
            Stop();
            var port = Port;
            var start = new ProcessStartInfo(FindRedisServer() ?? "redis-server")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no" })
            {
                start.ArgumentList.Add(argument);
            }

            _process = Process.Start(start)!;
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            // Readiness, not an assertion: wait until the port accepts a connection (at most 10 s).
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var probe = new TcpClient();
                    probe.Connect(IPAddress.Loopback, port);
                    return;
                }
                catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(10) && !_process.HasExited)
                {
                    Thread.Sleep(20);
                }
            }
        }

        public override void Stop()
        {
            var process = Interlocked.Exchange(ref _process, null);
            if (process != null)
            {
                if (!process.HasExited)
                {
                    process.Kill();
                    process.WaitForExit();
                }

                process.Dispose();
            }
        }
    }
}
