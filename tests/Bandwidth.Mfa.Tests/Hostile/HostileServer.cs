using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Tests.Hostile;

/// <summary>
/// A scripted HTTP/1.1 server on 127.0.0.1 (a free port) that answers with raw bytes, so a test can send what no
/// well-behaved server would: a trickle, headers that never end, a reset, an endless chunked body, a redirect.
/// It records every request it read (method, path, headers, body), serves at most <c>maxRequests</c>, stops on its own
/// after <c>lifetime</c>, and is stopped by the test (<see cref="DisposeAsync"/>).
/// <para>
/// How to script it: the script gets each request in turn (<see cref="SeenRequest.Index"/> counts from 0) and the
/// connection to write to; <see cref="Answers"/> holds the usual answers. Every connection is closed after its
/// answer, so each request the client sends arrives on a new connection and is counted. An OAuth2 token endpoint is
/// just another scripted answer: route on <see cref="SeenRequest.Path"/>, for example
/// <c>r.Path == "/oauth2/token" ? Answers.Json(200, "{\"access_token\":\"a\\r\\nb\",\"expires_in\":3600}")(r, c) : ...</c>,
/// and point <c>MfaOptions.TokenUrl</c> at <c>new Uri(server.Origin + "/oauth2/token")</c>. An answer that echoes the
/// request is <c>Answers.Json(400, "{\"error\":\"" + r.Body.Replace("\"", "'") + "\"}")</c>, with
/// <see cref="SeenRequest.Headers"/> for the Authorization header.
/// </para>
/// </summary>
public sealed class HostileServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly Func<SeenRequest, HostileConnection, Task> _script;
    private readonly int _maxRequests;
    private readonly CancellationTokenSource _stop;
    private readonly ConcurrentQueue<SeenRequest> _requests = new();
    private readonly ConcurrentDictionary<Task, bool> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private readonly TaskCompletionSource _firstRequest = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _seen;
    private bool _listening;

    /// <param name="script">Answers each request.</param>
    /// <param name="maxRequests">Requests past this many are reset.</param>
    /// <param name="lifetime">When the server stops on its own (20 s by default).</param>
    /// <param name="listen">
    /// False to hold the port without listening until <see cref="Listen"/>: a connection to it is refused (nothing is
    /// sent), which is how a test shows a "connection refused" attempt followed by one that gets through.
    /// </param>
    public HostileServer(Func<SeenRequest, HostileConnection, Task> script, int maxRequests = 8, TimeSpan? lifetime = null, bool listen = true)
    {
        _script = script;
        _maxRequests = maxRequests;
        _stop = new CancellationTokenSource(lifetime ?? TimeSpan.FromSeconds(20));
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        if (listen)
        {
            Listen();
        }
    }

    /// <summary>Starts accepting connections (once; the constructor does it unless told not to).</summary>
    public void Listen()
    {
        lock (_listener)
        {
            if (_listening)
            {
                return;
            }

            _listening = true;
            _listener.Listen(64);
            _acceptLoop = Task.Run(AcceptAsync);
        }
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:port</c>, without a trailing slash.</summary>
    public string Origin => "http://127.0.0.1:" + Port;

    /// <summary>The MFA base address on this server.</summary>
    public Uri BaseUrl => new(Origin + "/api/v1/");

    /// <summary>The requests read so far, in arrival order.</summary>
    public IReadOnlyList<SeenRequest> Requests => _requests.ToArray();

    public int RequestCount => Volatile.Read(ref _seen);

    /// <summary>Completes when the first request has been read in full (headers and body).</summary>
    public Task FirstRequest => _firstRequest.Task;

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        lock (_listener)
        {
            _listening = true;
            _listener.Dispose();
        }

        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Keys).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var connection = Task.Run(() => ServeAsync(socket));
            _connections[connection] = true;
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var connection = new HostileConnection(socket, _stop.Token);
        try
        {
            var request = await ReadRequestAsync(connection).ConfigureAwait(false);
            if (request == null)
            {
                return;
            }

            var index = Interlocked.Increment(ref _seen) - 1;
            request = request with { Index = index };
            _requests.Enqueue(request);
            _firstRequest.TrySetResult();
            if (index >= _maxRequests)
            {
                connection.Reset();
                return;
            }

            await _script(request, connection).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the server is stopping: nothing to do.
        }
        finally
        {
            connection.Close();
        }
    }

    private static async Task<SeenRequest?> ReadRequestAsync(HostileConnection connection)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            if (buffer.Count > 64 * 1024)
            {
                return null;
            }

            var read = await connection.ReceiveAsync(chunk).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        var head = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
        }

        // The client sends Content-Length bodies (JSON and form content both have a known length); chunked request
        // bodies are not decoded.
        var length = headers.TryGetValue("Content-Length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var body = buffer.Skip(headerEnd + 4).ToList();
        while (body.Count < length)
        {
            var read = await connection.ReceiveAsync(chunk).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            body.AddRange(chunk.AsSpan(0, read).ToArray());
        }

        return new SeenRequest(0, requestLine[0], requestLine.Length > 1 ? requestLine[1] : "", headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One request as the server read it; <see cref="Index"/> counts the requests the server saw, from 0.</summary>
public sealed record SeenRequest(int Index, string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>The server's side of one connection, for a script to write raw bytes to.</summary>
public sealed class HostileConnection
{
    private readonly Socket _socket;

    internal HostileConnection(Socket socket, CancellationToken stopping)
    {
        _socket = socket;
        Stopping = stopping;
    }

    /// <summary>Cancelled when the server is disposed or its lifetime is over: a script that waits must stop then.</summary>
    public CancellationToken Stopping { get; }

    public Task WriteAsync(string ascii) => WriteAsync(Encoding.ASCII.GetBytes(ascii));

    public async Task WriteAsync(byte[] bytes)
    {
        var sent = 0;
        while (sent < bytes.Length)
        {
            sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, Stopping).ConfigureAwait(false);
        }
    }

    internal ValueTask<int> ReceiveAsync(byte[] buffer) => _socket.ReceiveAsync(buffer, SocketFlags.None, Stopping);

    /// <summary>Waits until the client closes the connection (or the server stops), reading and dropping whatever it sends.</summary>
    public async Task UntilClientLeavesAsync()
    {
        var buffer = new byte[1024];
        while (await ReceiveAsync(buffer).ConfigureAwait(false) > 0)
        {
        }
    }

    /// <summary>Drops the connection with a TCP reset (no FIN): the client sees "connection reset".</summary>
    public void Reset()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }

        _socket.Close();
    }

    internal void Close()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
        }

        _socket.Close();
    }
}

/// <summary>Ready-made scripts for <see cref="HostileServer"/>.</summary>
public static class Answers
{
    /// <summary>A complete answer: status line, the given header lines, Content-Length, Connection: close, body.</summary>
    public static Func<SeenRequest, HostileConnection, Task> Status(int status, string body = "", string contentType = "application/json", params string[] headers)
    {
        return (_, connection) => connection.WriteAsync(Head(status, contentType, Encoding.UTF8.GetByteCount(body), headers) + body);
    }

    public static Func<SeenRequest, HostileConnection, Task> Json(int status, string json, params string[] headers) => Status(status, json, "application/json", headers);

    /// <summary>A redirect to <paramref name="location"/> (no Location header when null).</summary>
    public static Func<SeenRequest, HostileConnection, Task> Redirect(int status, string? location)
    {
        return Status(status, "", "text/plain", location == null ? Array.Empty<string>() : new[] { "Location: " + location });
    }

    /// <summary>Bytes exactly as given.</summary>
    public static Func<SeenRequest, HostileConnection, Task> Raw(byte[] bytes) => (_, connection) => connection.WriteAsync(bytes);

    /// <summary>The first answer for the first request, the second for the second, ...; the last one for all later requests.</summary>
    public static Func<SeenRequest, HostileConnection, Task> InTurn(params Func<SeenRequest, HostileConnection, Task>[] answers)
    {
        return (request, connection) => answers[Math.Min(request.Index, answers.Length - 1)](request, connection);
    }

    public static string Head(int status, string contentType, long? contentLength, params string[] headers)
    {
        var text = new StringBuilder("HTTP/1.1 " + status + " " + Reason(status) + "\r\n");
        text.Append("Content-Type: ").Append(contentType).Append("\r\n");
        if (contentLength.HasValue)
        {
            text.Append("Content-Length: ").Append(contentLength.Value).Append("\r\n");
        }

        foreach (var header in headers)
        {
            text.Append(header).Append("\r\n");
        }

        return text.Append("Connection: close\r\n\r\n").ToString();
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    };
}
