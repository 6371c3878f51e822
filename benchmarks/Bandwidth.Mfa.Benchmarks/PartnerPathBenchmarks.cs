using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// The partner's path per call: a service from <see cref="MfaService.Create"/> with Basic credentials over the in-memory
/// handler, then <see cref="IMfaService.VerifyCodeAsync"/>(to, code), against the same call by hand with Newtonsoft
/// and its own Basic header (baseline (a)). The service is created once, as a partner creates it once per application.
/// </summary>
[MemoryDiagnoser]
public class PartnerPathBenchmarks
{
    private CannedMfaHandler _handler = null!;
    private PartnerCallSet _calls = null!;

    [GlobalSetup]
    public void Setup()
    {
        RequestParity.Check();
        _handler = new CannedMfaHandler();
        _calls = new PartnerCallSet(_handler, MfaSamples.InMemoryBaseAddress);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _calls.Dispose();
        _handler.Dispose();
    }

    [Benchmark(Description = "IMfaService.VerifyCodeAsync (MfaService.Create, Basic)")]
    public Task<bool> Service() => _calls.ServiceVerifyAsync();

    [Benchmark(Baseline = true, Description = "(a) Newtonsoft by hand, Basic")]
    public Task<bool> Newtonsoft() => _calls.NewtonsoftVerifyAsync();
}
