using System;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// The same calls as <see cref="InMemoryCallBenchmarks"/> over a real Kestrel server on 127.0.0.1 (in this process), through
/// one pooled <see cref="SocketsHttpHandler"/> that the client and the baselines share: how much of a real call is the client's.
/// </summary>
[MemoryDiagnoser]
public class LoopbackCallBenchmarks
{
    private LoopbackMfaServer _server = null!;
    private SocketsHttpHandler _sockets = null!;
    private MfaCallSet _calls = null!;

    [Params(MfaOperation.Messaging, MfaOperation.Voice, MfaOperation.Verify)]
    public MfaOperation Operation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _server = LoopbackMfaServer.StartAsync().GetAwaiter().GetResult();
        _sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
        _calls = new MfaCallSet(_sockets, _server.BaseAddress);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _calls.Dispose();
        _sockets.Dispose();
        var connections = _server.ConnectionsAccepted;
        var requests = _server.RequestsServed;
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Console.WriteLine($"// Loopback server ({Operation}): {requests} requests on {connections} TCP connection(s).");
    }

    [Benchmark(Description = "client (IMfaClient)")]
    public Task<object> Client() => _calls.ClientAsync(Operation);

    [Benchmark(Baseline = true, Description = "(a) Newtonsoft by hand")]
    public Task<object> Newtonsoft() => _calls.NewtonsoftAsync(Operation);

    [Benchmark(Description = "(b) STJ source-gen by hand")]
    public Task<object> SystemTextJson() => _calls.SystemTextJsonAsync(Operation);
}
