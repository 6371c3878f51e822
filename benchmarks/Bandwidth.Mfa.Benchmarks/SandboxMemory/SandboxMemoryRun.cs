using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.SandboxMemory;

/// <summary>
/// <c>dotnet run -c Release -- sandbox-memory [--requests 100000] [--minutes 0] [--callers 4] [--history 100]
/// [--sample-seconds 10] [--server path/to/Bandwidth.Mfa.SandboxServer.dll] [-- server options...]</c>: starts the sandbox
/// server as a child process on a free loopback port, sends it exactly <c>--requests</c> requests (a third each: a send
/// to a new number, a wrong code for a new number, a token request), and samples the server's working set. With
/// <c>--minutes</c> the requests are paced to last that long (to see the state that expires leave); with 0 they go as
/// fast as <c>--callers</c> concurrent callers can send. Loopback only, bounded, and the server is stopped at the end
/// (it also stops by itself if this process dies: it runs with <c>--exit-when-stdin-closes</c>). docs/benchmarks.md has
/// the runs behind the bound in the server's README.
/// </summary>
public static class SandboxMemoryRun
{
    private const string AccountId = "9900000";

    public static async Task<int> RunAsync(string[] args)
    {
        var separator = Array.IndexOf(args, "--");
        var own = separator < 0 ? args : args.Take(separator).ToArray();
        var extra = separator < 0 ? Array.Empty<string>() : args.Skip(separator + 1).ToArray();
        var requests = Option(own, "--requests", 100_000);
        var minutes = Option(own, "--minutes", 0);
        var callers = Option(own, "--callers", 4);
        var history = Option(own, "--history", 100);
        var sampleEvery = TimeSpan.FromSeconds(Option(own, "--sample-seconds", 10));
        var serverPath = Text(own, "--server") ?? DefaultServerPath();
        if (requests < 1 || requests > 10_000_000 || callers < 1 || callers > 64 || minutes < 0 || minutes > 120)
        {
            Console.Error.WriteLine("sandbox-memory: --requests 1..10000000, --callers 1..64, --minutes 0..120.");
            return 2;
        }

        var serverArguments = new List<string> { serverPath, "--port", "0", "--exit-when-stdin-closes", "--history", history.ToString(CultureInfo.InvariantCulture) };
        serverArguments.AddRange(extra);
        Console.WriteLine("Server: dotnet " + string.Join(" ", serverArguments));
        using var server = await ChildServer.StartAsync(serverArguments).ConfigureAwait(false);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = server.Root,
            Timeout = TimeSpan.FromSeconds(30),
        };

        var samples = new List<Sample> { server.Sample(TimeSpan.Zero, 0, "started") };
        var statuses = new ConcurrentDictionary<int, int>();
        var done = 0;
        var next = -1;
        var watch = Stopwatch.StartNew();
        var interval = minutes == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(TimeSpan.FromMinutes(minutes).Ticks / requests);

        async Task CallerAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                if (interval > TimeSpan.Zero)
                {
                    var due = TimeSpan.FromTicks(interval.Ticks * i) - watch.Elapsed;
                    if (due > TimeSpan.Zero)
                    {
                        await Task.Delay(due).ConfigureAwait(false);
                    }
                }

                int status;
                try
                {
                    using var request = Request(i);
                    using var response = await http.SendAsync(request).ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 0;
                }

                statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
                Interlocked.Increment(ref done);
            }
        }

        var work = Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(CallerAsync)));
        while (await Task.WhenAny(work, Task.Delay(sampleEvery)).ConfigureAwait(false) != work)
        {
            samples.Add(server.Sample(watch.Elapsed, Volatile.Read(ref done), null));
        }

        await work.ConfigureAwait(false);
        samples.Add(server.Sample(watch.Elapsed, done, "last request answered"));

        // What the server keeps in its histories, from its own JSON API.
        var outbox = JsonDocument.Parse(await http.GetStringAsync("sandbox/api/outbox?limit=10000").ConfigureAwait(false)).RootElement;
        var log = JsonDocument.Parse(await http.GetStringAsync("sandbox/api/requests?limit=10000").ConfigureAwait(false)).RootElement;

        Console.WriteLine();
        var answers = string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => p.Key.ToString(CultureInfo.InvariantCulture) + " x " + p.Value.ToString("N0", CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{requests:N0} requests in {watch.Elapsed.TotalSeconds:0.0} s by {callers} caller(s){(minutes > 0 ? $", paced over {minutes} min" : string.Empty)}; answers: {answers}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Histories at the end: {outbox.GetProperty("messages").GetArrayLength()} messages, {outbox.GetProperty("verifications").GetArrayLength()} verifications, {log.GetProperty("requests").GetArrayLength()} requests (--history {history})."));
        Console.WriteLine();
        Console.WriteLine("| elapsed | requests answered | working set | private bytes | note |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | --- |");
        foreach (var sample in samples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {sample.Elapsed.TotalSeconds:0} s | {sample.Requests:N0} | {sample.WorkingSet / 1048576.0:0.0} MiB | {sample.PrivateBytes / 1048576.0:0.0} MiB | {sample.Note} |"));
        }

        var peak = samples.Max(s => s.WorkingSet);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Working set: {samples[0].WorkingSet / 1048576.0:0.0} MiB at the start, {samples[^1].WorkingSet / 1048576.0:0.0} MiB at the end, {peak / 1048576.0:0.0} MiB at the highest sample."));
        return statuses.ContainsKey(0) ? 1 : 0;
    }

    /// <summary>Request <paramref name="i"/>: a send to a new number, a wrong code for another new number, or a token request.</summary>
    private static HttpRequestMessage Request(int i)
    {
        var number = "+1555" + (i % 10_000_000).ToString("D7", CultureInfo.InvariantCulture);
        switch (i % 3)
        {
            case 0:
                return Json("api/v1/accounts/" + AccountId + "/code/messaging",
                    "{\"to\":\"" + number + "\",\"from\":\"+19195554321\",\"applicationId\":\"66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1\",\"message\":\"Your code is {CODE}\",\"digits\":6}");
            case 1:
                return Json("api/v1/accounts/" + AccountId + "/code/verify", "{\"to\":\"" + number + "\",\"expirationTimeInMinutes\":3,\"code\":\"00000000\"}");
            default:
                var token = new HttpRequestMessage(HttpMethod.Post, "api/v1/oauth2/token")
                {
                    Content = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("grant_type", "client_credentials") }),
                };
                token.Headers.Authorization = Basic("soak-client", "soak-secret");
                return token;
        }
    }

    private static HttpRequestMessage Json(string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = Basic("sandbox-user", "sandbox-password");
        return request;
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    private static string DefaultServerPath() =>
        typeof(SandboxMemoryRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SandboxServerAssemblyPath").Value!;

    private static int Option(string[] args, string name, int fallback)
    {
        var text = Text(args, name);
        return text == null ? fallback : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    private static string? Text(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
