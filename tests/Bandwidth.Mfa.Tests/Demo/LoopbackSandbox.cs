using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.Tests.Demo;

/// <summary>
/// Serves an <see cref="MfaSandbox"/> on a loopback port, so that another process (the demo in live mode) can talk to
/// it over real HTTP. Only 127.0.0.1 is listened on; it stops when disposed.
/// </summary>
public sealed class LoopbackSandbox : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly HttpClient _sandbox;
    private readonly Task _loop;
    private readonly TaskCompletionSource _firstAnswer = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackSandbox(MfaSandbox sandbox)
    {
        var port = FreePort();
        BaseUrl = new Uri("http://127.0.0.1:" + port + "/api/v1/");
        _listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
        _listener.Start();
        _sandbox = new HttpClient(sandbox.CreateHandler());
        _loop = Task.Run(ServeAsync);
    }

    public Uri BaseUrl { get; }

    /// <summary>Completes once the first request has been answered (the response written and closed): a signal to wait on.</summary>
    public Task FirstAnswer => _firstAnswer.Task;

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
        _sandbox.Dispose();
    }

    private async Task ServeAsync()
    {
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }

            await ForwardAsync(context);
        }
    }

    private async Task ForwardAsync(HttpListenerContext context)
    {
        try
        {
            var incoming = context.Request;
            using var body = new MemoryStream();
            await incoming.InputStream.CopyToAsync(body);
            using var request = new HttpRequestMessage(new HttpMethod(incoming.HttpMethod), new Uri(BaseUrl, incoming.Url!.PathAndQuery))
            {
                Content = new ByteArrayContent(body.ToArray()),
            };
            if (incoming.ContentType != null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(incoming.ContentType);
            }

            if (incoming.Headers["Authorization"] is { } authorization)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await _sandbox.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
        }
        catch (Exception)
        {
            context.Response.StatusCode = 500;
        }
        finally
        {
            context.Response.Close();
            _firstAnswer.TrySetResult();
        }
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
