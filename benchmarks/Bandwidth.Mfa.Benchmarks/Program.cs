using System;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.SandboxMemory;
using Bandwidth.Mfa.Benchmarks.Throughput;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release -- [BenchmarkDotNet arguments]</c> runs the benchmarks (for example <c>--filter '*' --job short</c>);
/// <c>-- throughput [--seconds 5] [--callers 64]</c> runs the loopback throughput test;
/// <c>-- ratio [--rounds 41] [--calls 2000]</c> measures client ÷ baseline (a) in interleaved batches (robust to changing load);
/// <c>-- targets [--rounds 9] [--calls 2000] [--seconds 2] [--callers 64]</c> measures the cost targets (partner path, DI path,
/// concurrent callers, with and without listeners) against the lean hand-written code, interleaved in one process;
/// <c>-- parity</c> prints the request that all three implementations send and checks that they agree;
/// <c>-- sandbox-memory [--requests 100000] [--minutes 0] [--history 100]</c> measures the sandbox server's working set under load.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "throughput")
        {
            return await ThroughputRun.RunAsync(args.Skip(1).ToArray()).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "sandbox-memory")
        {
            return await SandboxMemoryRun.RunAsync(args.Skip(1).ToArray()).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "ratio")
        {
            RequestParity.Check();
            return await InterleavedRatio.RunAsync(args.Skip(1).ToArray()).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "targets")
        {
            RequestParity.Check();
            return await Targets.TargetsRun.RunAsync(args.Skip(1).ToArray()).ConfigureAwait(false);
        }

        if (args.Length > 0 && args[0] == "parity")
        {
            Console.Write(RequestParity.Check());
            Console.WriteLine("The client and both baselines send the same requests and read the same answers.");
            return 0;
        }

        var config = DefaultConfig.Instance
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config).ToList();
        if (summaries.Count == 0 && args.Contains("--filter"))
        {
            Console.Error.WriteLine("The filter selected no benchmark.");
            return 1;
        }

        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
