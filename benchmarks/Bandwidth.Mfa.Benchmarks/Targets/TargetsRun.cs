using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;

namespace Bandwidth.Mfa.Benchmarks.Targets;

/// <summary>
/// <c>targets [--rounds 9] [--calls 2000] [--seconds 2] [--callers 64]</c>: the figures of the cost targets, each the
/// client against the lean hand-written code, measured in one process in rounds that alternate which side goes first
/// (so load that changes slower than a round cancels out), reported as the median of the per-round ratios and, in brackets, the best client round over the best lean round:
/// <list type="number">
/// <item>the partner's path: <c>MfaService.Create</c> (Basic) then <c>IMfaService.VerifyCodeAsync</c>, against
/// <see cref="Baselines.LeanVerifyClient"/>, in-memory handler, one caller;</item>
/// <item>the DI path: a scope per request, the service resolved, one verify, against a typed client resolved the same way;</item>
/// <item>the DI path with many concurrent callers, in memory and over loopback Kestrel (requests per second);</item>
/// <item>all of it again with an <see cref="System.Diagnostics.ActivityListener"/> and a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/> attached.</item>
/// </list>
/// One-caller rows give wall time, CPU time (the process's, so it includes the GC's own threads) and bytes allocated per call
/// (the thread's allocation counter: the in-memory calls complete on the calling thread).
/// </summary>
public static class TargetsRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = PerCall.ReadOption(args, "--rounds", 9);
        var calls = PerCall.ReadOption(args, "--calls", 2000);
        var seconds = PerCall.ReadOption(args, "--seconds", 2);
        var callers = PerCall.ReadOption(args, "--callers", 64);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Targets: {rounds} rounds, {calls} calls a side per one-caller round, {seconds} s a side per concurrent round, {callers} callers, {Environment.ProcessorCount} CPU(s), load {Load()}."));
        Console.WriteLine("| case | client | lean | time ÷ lean, median (best) | CPU ÷ lean, median | client B/call | lean B/call | bytes ÷ lean | load |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");

        using var handler = new CannedMfaHandler();
        using var partner = new PartnerCallSet(handler, MfaSamples.InMemoryBaseAddress);
        using var di = new DiCallSet(() => handler, MfaSamples.InMemoryBaseAddress);
        await using var server = await LoopbackMfaServer.StartAsync().ConfigureAwait(false);
        using var loopback = new DiCallSet(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false }, server.BaseAddress);

        // Warm every one-caller case first, listeners on and off, so that JIT tiers settle before anything is timed.
        for (var pass = 0; pass < 2; pass++)
        {
            using var warming = pass == 1 ? Listeners.Attach() : null;
            foreach (var call in new Func<Task<bool>>[] { partner.ServiceVerifyAsync, partner.LeanVerifyAsync, di.ServiceVerifyAsync, di.LeanVerifyAsync })
            {
                await TimeAsync(call, calls * 10).ConfigureAwait(false);
            }
        }

        for (var listening = 0; listening < 2; listening++)
        {
            using var listeners = listening == 1 ? Listeners.Attach() : null;
            var suffix = listening == 1 ? ", listeners on" : string.Empty;
            await OneCallerAsync("partner path" + suffix, partner.ServiceVerifyAsync, partner.LeanVerifyAsync, rounds, calls).ConfigureAwait(false);
            await OneCallerAsync("DI path" + suffix, di.ServiceVerifyAsync, di.LeanVerifyAsync, rounds, calls).ConfigureAwait(false);
            await ConcurrentAsync($"DI, {callers} callers, in-memory" + suffix, di.ServiceVerifyAsync, di.LeanVerifyAsync, rounds, seconds, callers).ConfigureAwait(false);
            await ConcurrentAsync($"DI, {callers} callers, loopback Kestrel" + suffix, loopback.ServiceVerifyAsync, loopback.LeanVerifyAsync, rounds, seconds, callers).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task OneCallerAsync(string name, Func<Task<bool>> client, Func<Task<bool>> lean, int rounds, int calls)
    {
        for (var pass = 0; pass < 3; pass++)
        {
            await TimeAsync(client, calls).ConfigureAwait(false);
            await TimeAsync(lean, calls).ConfigureAwait(false);
        }

        var clientTimes = new List<double>();
        var leanTimes = new List<double>();
        var ratios = new List<double>();
        var cpuRatios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            (double Wall, double Cpu) c, l;
            if (round % 2 == 0)
            {
                c = await TimeAsync(client, calls).ConfigureAwait(false);
                l = await TimeAsync(lean, calls).ConfigureAwait(false);
            }
            else
            {
                l = await TimeAsync(lean, calls).ConfigureAwait(false);
                c = await TimeAsync(client, calls).ConfigureAwait(false);
            }

            clientTimes.Add(c.Wall);
            leanTimes.Add(l.Wall);
            ratios.Add(c.Wall / l.Wall);
            cpuRatios.Add(c.Cpu / l.Cpu);
        }

        var clientBytes = await PerCall.BytesAsync(client).ConfigureAwait(false);
        var leanBytes = await PerCall.BytesAsync(lean).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {PerCall.Median(clientTimes):0.00} µs | {PerCall.Median(leanTimes):0.00} µs | **{PerCall.Median(ratios):0.00}** ({clientTimes.Min() / leanTimes.Min():0.00}) | {PerCall.Median(cpuRatios):0.00} | {clientBytes:N0} | {leanBytes:N0} | {clientBytes / leanBytes:0.00} | {Load()} |"));
    }

    private static async Task ConcurrentAsync(string name, Func<Task<bool>> client, Func<Task<bool>> lean, int rounds, int seconds, int callers)
    {
        var duration = TimeSpan.FromSeconds(seconds);
        await RateAsync(client, callers, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        await RateAsync(lean, callers, TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        var clientRates = new List<double>();
        var leanRates = new List<double>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double c, l;
            if (round % 2 == 0)
            {
                c = await RateAsync(client, callers, duration).ConfigureAwait(false);
                l = await RateAsync(lean, callers, duration).ConfigureAwait(false);
            }
            else
            {
                l = await RateAsync(lean, callers, duration).ConfigureAwait(false);
                c = await RateAsync(client, callers, duration).ConfigureAwait(false);
            }

            clientRates.Add(c);
            leanRates.Add(l);
            ratios.Add(c / l);
        }

        // Requests per second: higher is better, so the ratio here is client ÷ lean throughput.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {PerCall.Median(clientRates):N0} req/s | {PerCall.Median(leanRates):N0} req/s | **{PerCall.Median(ratios):0.00}** ({clientRates.Max() / leanRates.Max():0.00}) of lean's req/s | | | | | {Load()} |"));
    }

    private static async Task<(double Wall, double Cpu)> TimeAsync(Func<Task<bool>> call, int count)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            await call().ConfigureAwait(false);
        }

        var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000.0 / count;
        var cpuTime = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds * 1000.0 / count;
        return (wall, cpuTime);
    }

    private static async Task<double> RateAsync(Func<Task<bool>> call, int callers, TimeSpan duration)
    {
        long done = 0;
        var failures = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                try
                {
                    await call().ConfigureAwait(false);
                    Interlocked.Increment(ref done);
                }
                catch (Exception exception)
                {
                    if (Interlocked.Increment(ref failures) == 1)
                    {
                        Console.WriteLine("First failure: " + exception.GetType().Name + ": " + exception.Message);
                    }
                }
            }
        }))).ConfigureAwait(false);
        if (failures > 0)
        {
            throw new InvalidOperationException(failures + " calls failed.");
        }

        return done / Stopwatch.GetElapsedTime(start).TotalSeconds;
    }


    // The 1-minute load average where the system reports one (Linux), for the record beside each figure.
    private static string Load()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
