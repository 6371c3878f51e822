using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>
/// <c>ratio [--rounds 41] [--calls 2000]</c>: a check of BenchmarkDotNet's ratios on a loaded machine. BenchmarkDotNet
/// runs each case minutes apart, so a change in the machine's load between two cases shows up as a ratio. Here the client
/// and baseline (a) run in alternating batches of the same size in one process (after a warm-up of both), and the ratio
/// is the median of the per-round ratios, so load that changes slower than a round cancels out. Time only (allocations
/// are exact in BenchmarkDotNet).
/// </summary>
public static class InterleavedRatio
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = PerCall.ReadOption(args, "--rounds", 41);
        var callsPerRound = PerCall.ReadOption(args, "--calls", 2000);
        using var handler = new CannedMfaHandler();
        using var calls = new MfaCallSet(handler, MfaSamples.InMemoryBaseAddress);
        using var partner = new PartnerCallSet(handler, MfaSamples.InMemoryBaseAddress);
        var cases = new List<(string Name, Func<Task> Client, Func<Task> Baseline)>();
        foreach (var operation in Enum.GetValues<MfaOperation>())
        {
            cases.Add((operation.ToString(), () => calls.ClientAsync(operation), () => calls.NewtonsoftAsync(operation)));
        }

        cases.Add(("partner verify (Basic)", () => partner.ServiceVerifyAsync(), () => partner.NewtonsoftVerifyAsync()));

        var report = new StringBuilder();
        report.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Interleaved: {rounds} rounds of {callsPerRound} calls each way, {Environment.ProcessorCount} CPU(s)."));
        report.AppendLine("| case | client, median µs | (a), median µs | time ÷ (a), median of rounds | 25th to 75th percentile | client B/call | (a) B/call | allocated ÷ (a) |");
        report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        // Warm every case first (JIT tiers settle for all of them before anything is timed), then each case again.
        for (var pass = 0; pass < 3; pass++)
        {
            foreach (var (_, client, baseline) in cases)
            {
                await TimeAsync(client, callsPerRound * 5).ConfigureAwait(false);
                await TimeAsync(baseline, callsPerRound * 5).ConfigureAwait(false);
            }
        }

        foreach (var (name, client, baseline) in cases)
        {
            await TimeAsync(client, callsPerRound * 2).ConfigureAwait(false);
            await TimeAsync(baseline, callsPerRound * 2).ConfigureAwait(false);
            var ratios = new List<double>();
            var clientTimes = new List<double>();
            var baselineTimes = new List<double>();
            for (var round = 0; round < rounds; round++)
            {
                // Alternate which goes first, so neither always runs right after a GC of the other.
                double a, c;
                if (round % 2 == 0)
                {
                    c = await TimeAsync(client, callsPerRound).ConfigureAwait(false);
                    a = await TimeAsync(baseline, callsPerRound).ConfigureAwait(false);
                }
                else
                {
                    a = await TimeAsync(baseline, callsPerRound).ConfigureAwait(false);
                    c = await TimeAsync(client, callsPerRound).ConfigureAwait(false);
                }

                clientTimes.Add(c);
                baselineTimes.Add(a);
                ratios.Add(c / a);
            }

            ratios.Sort();
            var clientBytes = await PerCall.BytesAsync(client).ConfigureAwait(false);
            var baselineBytes = await PerCall.BytesAsync(baseline).ConfigureAwait(false);
            report.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {PerCall.Median(clientTimes):0.000} | {PerCall.Median(baselineTimes):0.000} | **{PerCall.Median(ratios):0.00}** | {ratios[ratios.Count / 4]:0.00} to {ratios[ratios.Count * 3 / 4]:0.00} | {clientBytes:0} | {baselineBytes:0} | {clientBytes / baselineBytes:0.00} |"));
        }

        Console.Write(report.ToString());
        return 0;
    }

    private static async Task<double> TimeAsync(Func<Task> call, int count)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await call().ConfigureAwait(false);
        }

        return Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000.0 / count;
    }
}
