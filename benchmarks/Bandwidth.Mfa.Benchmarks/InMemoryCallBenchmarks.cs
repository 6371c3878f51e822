using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// The client's own cost per call: the generated client and the two hand-written baselines on the same
/// <see cref="HttpClient"/> over an in-memory handler that answers with canned JSON (no sockets).
/// </summary>
[MemoryDiagnoser]
public class InMemoryCallBenchmarks
{
    private HttpClient _http = null!;
    private MfaCallSet _calls = null!;

    [Params(MfaOperation.Messaging, MfaOperation.Voice, MfaOperation.Verify)]
    public MfaOperation Operation { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        RequestParity.Check();
        _http = MfaCallSet.CreateHttpClient(new CannedMfaHandler(), MfaSamples.InMemoryBaseAddress, disposeHandler: true);
        _calls = new MfaCallSet(_http);
    }

    [GlobalCleanup]
    public void Cleanup() => _http.Dispose();

    [Benchmark(Description = "client (generated)")]
    public Task<object> Client() => _calls.ClientAsync(Operation);

    [Benchmark(Baseline = true, Description = "(a) Newtonsoft by hand")]
    public Task<object> Newtonsoft() => _calls.NewtonsoftAsync(Operation);

    [Benchmark(Description = "(b) STJ source-gen by hand")]
    public Task<object> SystemTextJson() => _calls.SystemTextJsonAsync(Operation);
}
