using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.SandboxMemory;

/// <summary>The server process: started on a free port, stopped by closing its standard input (killed if it lingers).</summary>
internal sealed class ChildServer : IDisposable
{
    private readonly Process _process;

    private ChildServer(Process process, Uri root)
    {
        _process = process;
        Root = root;
    }

    internal Uri Root { get; }

    internal static async Task<ChildServer> StartAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data != null && e.Data.StartsWith("Listening on ", StringComparison.Ordinal))
            {
                listening.TrySetResult(new Uri(e.Data.Substring("Listening on ".Length).Split(' ')[0].TrimEnd('/') + "/"));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data != null)
            {
                Console.Error.WriteLine("server: " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return new ChildServer(process, await listening.Task.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw new InvalidOperationException("The sandbox server did not listen within 60 s.");
        }
    }

    internal Sample Sample(TimeSpan elapsed, int requests, string? note)
    {
        _process.Refresh();
        return new Sample(elapsed, requests, _process.WorkingSet64, _process.PrivateMemorySize64, note);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(20_000))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    /// <summary>The <c>dotnet</c> host that runs this program (<c>dotnet Bandwidth.Mfa.Benchmarks.dll</c>), else the one on the PATH.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        return self != null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
