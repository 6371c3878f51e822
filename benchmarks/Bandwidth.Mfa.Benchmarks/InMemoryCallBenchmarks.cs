using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// The client's own cost per call: the client (<see cref="MfaService.Create"/> with a fixed bearer token, its
/// <see cref="IMfaClient"/>) and the two hand-written baselines (the same bearer header) over the same in-memory handler
/// that answers with canned JSON (no sockets).
/// </summary>
[MemoryDiagnoser]
public class InMemoryCallBenchmarks
{
    private CannedMfaHandler _handler = null!;
    private MfaCallSet _calls = null!;

    [Params(MfaOperation.Messaging, MfaOperation.Voice, MfaOperation.Verify)]
    public MfaOperation Operation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RequestParity.Check();
        _handler = new CannedMfaHandler();
        _calls = new MfaCallSet(_handler, MfaSamples.InMemoryBaseAddress);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _calls.Dispose();
        _handler.Dispose();
    }

    [Benchmark(Description = "client (IMfaClient)")]
    public Task<object> Client() => _calls.ClientAsync(Operation);

    [Benchmark(Baseline = true, Description = "(a) Newtonsoft by hand")]
    public Task<object> Newtonsoft() => _calls.NewtonsoftAsync(Operation);

    [Benchmark(Description = "(b) STJ source-gen by hand")]
    public Task<object> SystemTextJson() => _calls.SystemTextJsonAsync(Operation);
}
