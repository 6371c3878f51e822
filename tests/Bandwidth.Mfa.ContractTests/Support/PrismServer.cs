using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.ContractTests.Support;

/// <summary>Node.js or Prism is not installed; the message says what to do, in one line.</summary>
public sealed class PrismUnavailableException(string message) : Exception(message);

/// <summary>
/// A Prism mock server (<c>@stoplight/prism-cli</c> from the repository's node_modules) serving a spec on a free
/// loopback port. It validates every request against the spec and reports what it found in the <c>sl-violations</c>
/// response header. <see cref="Dispose"/> kills the whole process tree; a process-exit hook does the same if the tests
/// end without disposing, and prism-guard.js ends Prism when the test process disappears without running either.
/// </summary>
public sealed class PrismServer : IDisposable
{
    private const int StartAttempts = 3;
    private const int KeptOutputLines = 200;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;
    private int _stopped;

    private PrismServer(Process process, ConcurrentQueue<string> output, Uri baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The root of the mock, <c>http://127.0.0.1:{port}/</c> on a free port; the spec's paths are relative to it.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The process id of the Node.js process that runs Prism.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Whether Prism is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The last lines Prism printed (it logs every request and what it found wrong with it).</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts Prism on <paramref name="specPath"/> and waits until it answers.</summary>
    /// <exception cref="PrismUnavailableException">Node.js or Prism is missing.</exception>
    /// <exception cref="TimeoutException">Prism did not answer within <paramref name="startTimeout"/>.</exception>
    /// <param name="repositoryRoot">The folder with node_modules (after <c>npm ci</c>).</param>
    /// <param name="specPath">The OpenAPI document to serve.</param>
    /// <param name="startTimeout">How long Prism may take to answer.</param>
    /// <param name="watchedProcessId">The process whose end ends Prism; the current (test) process by default.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static PrismServer Start(string repositoryRoot, string specPath, TimeSpan startTimeout, int? watchedProcessId = null, CancellationToken cancellationToken = default)
    {
        var node = FindNode() ?? throw new PrismUnavailableException(
            "Contract tests need Node.js (20 or later) on PATH: 'node' was not found. Install it, then run 'npm ci' in " + repositoryRoot + ".");
        var prism = FindPrismScript(repositoryRoot);
        var guard = Path.Combine(AppContext.BaseDirectory, "Support", "prism-guard.js");
        if (!File.Exists(guard))
        {
            throw new InvalidOperationException("prism-guard.js is missing from the test output: " + guard);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var output = new ConcurrentQueue<string>();
            var process = Launch(node, guard, prism, specPath, port, repositoryRoot, watchedProcessId ?? Environment.ProcessId, output);
            var server = new PrismServer(process, output, new Uri("http://127.0.0.1:" + port + "/"));
            try
            {
                server.WaitUntilAnswering(startTimeout, cancellationToken);
                return server;
            }
            catch (PortTakenException) when (attempt < StartAttempts)
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>Stops Prism and everything it started; safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>Closes Prism's standard input, as the end of the test process would; prism-guard.js then ends Prism.</summary>
    public void CloseStandardInput() => _process.StandardInput.Close();

    /// <summary>Waits for Prism to end by itself.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>Finds the path of Node.js on PATH, or null.</summary>
    public static string? FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe" } : new[] { "node" };
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => System.IO.Path.Combine(folder.Trim('"'), name)))
            .FirstOrDefault(File.Exists);
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private void WaitUntilAnswering(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                var output = RecentOutput;
                if (output.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    throw new PortTakenException();
                }

                throw new InvalidOperationException("Prism exited with code " + _process.ExitCode + " before it answered. Its output:" + Environment.NewLine + output);
            }

            try
            {
                // Any HTTP answer will do: Prism answers 404 for a path the spec does not have.
                using var response = http.GetAsync(BaseUrl, cancellationToken).GetAwaiter().GetResult();
                return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but not answering yet.
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException("Prism did not answer on " + BaseUrl + " within " + timeout.TotalSeconds + " s. Its output:" + Environment.NewLine + RecentOutput);
            }

            Thread.Sleep(250);
        }
    }

    private static Process Launch(string node, string guard, string prism, string specPath, int port, string workingDirectory, int watchedProcessId, ConcurrentQueue<string> output)
    {
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var argument in new[] { guard, prism, "mock", specPath, "-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["MFA_CONTRACT_TESTS_PID"] = watchedProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["FORCE_COLOR"] = "0";

        var process = new Process { StartInfo = start };
        DataReceivedEventHandler keep = (sender, e) =>
        {
            if (e.Data == null)
            {
                return;
            }

            output.Enqueue(e.Data);
            while (output.Count > KeptOutputLines && output.TryDequeue(out _))
            {
            }
        };
        process.OutputDataReceived += keep;
        process.ErrorDataReceived += keep;
        if (!process.Start())
        {
            throw new InvalidOperationException("Node.js did not start: " + node);
        }

        // Standard input stays open on purpose: prism-guard.js ends Prism when it closes.
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string FindPrismScript(string repositoryRoot)
    {
        var package = Path.Combine(repositoryRoot, "node_modules", "@stoplight", "prism-cli", "package.json");
        if (!File.Exists(package))
        {
            throw new PrismUnavailableException(
                "Contract tests need Prism from node_modules, which is missing: run 'npm ci' in " + repositoryRoot + " (package-lock.json pins @stoplight/prism-cli).");
        }

        using var json = JsonDocument.Parse(File.ReadAllText(package));
        var bin = json.RootElement.GetProperty("bin");
        var relative = bin.ValueKind == JsonValueKind.String ? bin.GetString()! : bin.GetProperty("prism").GetString()!;
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(package)!, relative));
    }

    private static int FreeLoopbackPort()
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

    private sealed class PortTakenException : Exception;
}
