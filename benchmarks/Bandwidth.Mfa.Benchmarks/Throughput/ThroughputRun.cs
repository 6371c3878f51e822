using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;

namespace Bandwidth.Mfa.Benchmarks.Throughput;

/// <summary>
/// <c>dotnet run -c Release -- throughput [--seconds 5] [--callers 64]</c>: a fixed number of concurrent callers call the
/// loopback server for a fixed time, rotating through the three operations. Each scenario gets a fresh server and a
/// fresh client; the server counts the TCP connections it accepted. The client runs for T and for 2T seconds (about twice
/// the calls) to show that connections stay flat, interleaved with baseline (a) for comparison, after a warm-up of both;
/// a control that builds a new handler per call shows that the counter does see new connections.
/// </summary>
public static class ThroughputRun
{
    private const long SafetyCapPerCaller = 5_000_000;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = ReadOption(args, "--seconds", 5);
        var callers = ReadOption(args, "--callers", 64);
        var duration = TimeSpan.FromSeconds(seconds);
        Console.WriteLine($"Throughput: {callers} concurrent callers, {seconds} s and {2 * seconds} s runs (each after a 1 s warm-up), on {Environment.ProcessorCount} logical CPU(s); server and callers share this process.");

        // Warm the whole process first (JIT tiers, thread pool): with every core busy, a cold process speeds up for several
        // seconds and the first scenario would look slower than the later ones for no reason of its own.
        Console.WriteLine("Warming up both code paths (3 s each, not counted)...");
        await RunClientAsync(callers, TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        await RunNewtonsoftAsync(callers, TimeSpan.FromSeconds(3)).ConfigureAwait(false);

        var results = new List<Result>
        {
            await RunClientAsync(callers, duration).ConfigureAwait(false),
            await RunNewtonsoftAsync(callers, duration).ConfigureAwait(false),
            await RunClientAsync(callers, duration + duration).ConfigureAwait(false),
            await RunNewtonsoftAsync(callers, duration + duration).ConfigureAwait(false),
            await RunHandlerPerCallControlAsync().ConfigureAwait(false),
        };

        Console.WriteLine();
        Console.WriteLine("| scenario | callers | measured for | calls | failed | requests/s | TCP connections accepted | calls per connection |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var result in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Scenario} | {result.Callers} | {result.Elapsed.TotalSeconds:0.0} s | {result.Calls:N0} | {result.Failures} | {result.Calls / result.Elapsed.TotalSeconds:N0} | {result.Connections} | {(double)result.Calls / Math.Max(1, result.Connections):N0} |"));
        }

        var first = results[0];
        var doubled = results[2];
        var flat = results.Take(4).All(result => result.Connections <= callers);
        Console.WriteLine();
        Console.WriteLine(flat
            ? $"Connections stay flat: {first.Connections} for {first.Calls:N0} calls, {doubled.Connections} for {doubled.Calls:N0} calls (at most one per caller)."
            : $"Connections grew: {first.Connections} for {first.Calls:N0} calls, {doubled.Connections} for {doubled.Calls:N0} calls (more than {callers} callers).");
        var failures = results.Sum(r => r.Failures);
        return flat && failures == 0 ? 0 : 1;
    }

    private static async Task<Result> RunClientAsync(int callers, TimeSpan duration)
    {
        await using var server = await LoopbackMfaServer.StartAsync().ConfigureAwait(false);
        using var mfa = MfaService.Create(MfaSamples.BasicOptions(server.BaseAddress));
        var client = mfa.Client;
        Task Call(int i) => (i % 3) switch
        {
            0 => client.GenerateMessagingCodeAsync(MfaSamples.AccountId, MfaSamples.ClientCodeRequest()),
            1 => client.GenerateVoiceCodeAsync(MfaSamples.AccountId, MfaSamples.ClientCodeRequest()),
            _ => client.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest()),
        };
        var (calls, failures, elapsed) = await HammerAsync(callers, duration, Call).ConfigureAwait(false);
        return new Result($"client (MfaService.Create), {duration.TotalSeconds:0} s", callers, calls, failures, elapsed, server.ConnectionsAccepted);
    }

    private static async Task<Result> RunNewtonsoftAsync(int callers, TimeSpan duration)
    {
        await using var server = await LoopbackMfaServer.StartAsync().ConfigureAwait(false);
        using var sockets = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false };
        using var http = MfaCallSet.CreateBaselineHttpClient(sockets, server.BaseAddress, MfaSamples.BasicHeader());
        var calls = new Baselines.NewtonsoftMfaCalls(http);
        Task Call(int i) => (i % 3) switch
        {
            0 => calls.SendMessagingCodeAsync(MfaSamples.AccountId, Baselines.BaselineSamples.CodeBody()),
            1 => calls.SendVoiceCodeAsync(MfaSamples.AccountId, Baselines.BaselineSamples.CodeBody()),
            _ => calls.VerifyCodeAsync(MfaSamples.AccountId, Baselines.BaselineSamples.VerifyBody()),
        };
        var (count, failures, elapsed) = await HammerAsync(callers, duration, Call).ConfigureAwait(false);
        return new Result($"(a) Newtonsoft by hand, {duration.TotalSeconds:0} s", callers, count, failures, elapsed, server.ConnectionsAccepted);
    }

    private static async Task<Result> RunHandlerPerCallControlAsync()
    {
        // The anti-pattern, bounded: 200 calls, each on a new client (MfaService.Create) with its own handler. Each one opens a connection.
        const int callers = 8;
        const int callsPerCaller = 25;
        await using var server = await LoopbackMfaServer.StartAsync().ConfigureAwait(false);
        var failures = 0;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async _ =>
        {
            for (var i = 0; i < callsPerCaller; i++)
            {
                try
                {
                    using var sockets = new SocketsHttpHandler();
                    using var mfa = MfaService.Create(MfaSamples.BasicOptions(server.BaseAddress), primaryHandler: sockets);
                    await mfa.Client.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest()).ConfigureAwait(false);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ConfigureAwait(false);
        return new Result("control: new handler per call (200 calls)", callers, callers * callsPerCaller, failures, watch.Elapsed, server.ConnectionsAccepted);
    }

    private static async Task<(long Calls, int Failures, TimeSpan Elapsed)> HammerAsync(int callers, TimeSpan duration, Func<int, Task> call)
    {
        await RunForAsync(callers, TimeSpan.FromSeconds(1), call).ConfigureAwait(false);
        var watch = Stopwatch.StartNew();
        var (calls, failures) = await RunForAsync(callers, duration, call).ConfigureAwait(false);
        return (calls, failures, watch.Elapsed);
    }

    private static async Task<(long Calls, int Failures)> RunForAsync(int callers, TimeSpan duration, Func<int, Task> call)
    {
        long calls = 0;
        var failures = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (long i = caller; i < SafetyCapPerCaller && Stopwatch.GetTimestamp() < deadline; i++)
            {
                try
                {
                    await call((int)(i % 3)).ConfigureAwait(false);
                    Interlocked.Increment(ref calls);
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
        return (calls, failures);
    }

    private static int ReadOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private sealed record Result(string Scenario, int Callers, long Calls, int Failures, TimeSpan Elapsed, long Connections);
}
