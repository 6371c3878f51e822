using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Bandwidth.Mfa.SandboxServer.Tests.Support;

/// <summary>
/// The sandbox server as a real child process on a free loopback port (<c>--port 0</c>), started the way a partner's CI
/// would start it. It runs with <c>--exit-when-stdin-closes</c> and this object holds its standard input: disposing it
/// closes that pipe and waits for the exit (and kills the process tree if it does not come), and if the test process
/// itself dies the operating system closes the pipe, so the server never outlives the test. The net10.0 run starts the
/// built assembly with the dotnet host; the net8.0 run starts the server published self-contained on .NET 8.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(20);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly object _gate = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
    }

    public static string AssemblyPath =>
        typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SandboxServerAssemblyPath").Value!;

    /// <summary>The server's root, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    public Uri BaseUrl => new(Root, "api/v1/");

    public Uri TokenUrl => new(Root, "api/v1/oauth2/token");

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>A task that completes when the process has exited.</summary>
    public Task Exited => _exited.Task;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    public string Error
    {
        get
        {
            lock (_gate)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts the server with <paramref name="arguments"/> (after <c>--port 0 --exit-when-stdin-closes</c>) and waits for its "Listening on" line.</summary>
    public static async Task<ServerProcess> StartAsync(params string[] arguments)
    {
        var server = Launch(new[] { "--port", "0", "--exit-when-stdin-closes" }.Concat(arguments));
        using var limit = new CancellationTokenSource(StartLimit);
        try
        {
            var started = await Task.WhenAny(server._listening.Task, server._exited.Task).WaitAsync(limit.Token);
            if (started != server._listening.Task)
            {
                Assert.Fail("The sandbox server exited before it listened (exit code " + server._process.ExitCode + "):\n" + server.Output + server.Error);
            }
        }
        catch (OperationCanceledException)
        {
            await server.DisposeAsync();
            Assert.Fail("The sandbox server did not listen within " + StartLimit.TotalSeconds + " s; it was stopped. Output:\n" + server.Output + server.Error);
        }

        server.Root = await server._listening.Task;
        return server;
    }

    /// <summary>Runs the server to completion with exactly <paramref name="arguments"/> (for the command-line tests); bounded.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunToExitAsync(params string[] arguments)
    {
        await using var server = Launch(arguments);
        using var limit = new CancellationTokenSource(StartLimit);
        try
        {
            await server._exited.Task.WaitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The sandbox server did not exit within " + StartLimit.TotalSeconds + " s; it was killed. Output:\n" + server.Output + server.Error);
        }

        // Exited fires after the last line was read (both streams ended).
        return (server._process.ExitCode, server.Output, server.Error);
    }

    /// <summary>Closes the server's standard input, as the death of its parent would.</summary>
    public void CloseStandardInput() => _process.StandardInput.Close();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.StandardInput.Close();
            }
            catch (IOException)
            {
            }

            using var limit = new CancellationTokenSource(StopLimit);
            try
            {
                await _exited.Task.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static ServerProcess Launch(IEnumerable<string> arguments)
    {
        Assert.That(File.Exists(AssemblyPath), Is.True, "the sandbox server is built next to the tests: " + AssemblyPath);
        // An assembly (the net10.0 run) goes to the dotnet host; the self-contained executable (the net8.0 run) runs itself.
        var isAssembly = AssemblyPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo(isAssembly ? Bandwidth.Mfa.Tests.Demo.DemoProcess.DotnetHost() : AssemblyPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (isAssembly)
        {
            start.ArgumentList.Add(AssemblyPath);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        var streamsOpen = 2;
        void StreamEnded()
        {
            if (Interlocked.Decrement(ref streamsOpen) == 0)
            {
                _ = process.WaitForExitAsync().ContinueWith(_ => server._exited.TrySetResult(), TaskScheduler.Default);
            }
        }

        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                StreamEnded();
                return;
            }

            lock (server._gate)
            {
                server._output.AppendLine(e.Data);
            }

            const string Marker = "Listening on ";
            if (e.Data.StartsWith(Marker, StringComparison.Ordinal))
            {
                var url = e.Data.Substring(Marker.Length).Split(' ')[0];
                server._listening.TrySetResult(new Uri(url.TrimEnd('/') + "/"));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null)
            {
                StreamEnded();
                return;
            }

            lock (server._gate)
            {
                server._error.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }
}
