using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) that answers the three operations with the canned JSON. It counts the TCP
/// connections it accepts and the requests it serves; a request without an Authorization header gets 401.
/// Started and stopped by whoever creates it; never binds to anything but loopback.
/// </summary>
public sealed class LoopbackMfaServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _connectionsAccepted;
    private long _requestsServed;

    private LoopbackMfaServer(WebApplication app)
    {
        _app = app;
        BaseAddress = null!;
    }

    /// <summary>The base URL of the API on this server (<c>http://127.0.0.1:PORT/api/v1/</c>).</summary>
    public Uri BaseAddress { get; private set; }

    /// <summary>TCP connections accepted since start.</summary>
    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);

    /// <summary>Requests answered since start.</summary>
    public long RequestsServed => Interlocked.Read(ref _requestsServed);

    public static async Task<LoopbackMfaServer> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        LoopbackMfaServer? server = null;
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
            {
                Interlocked.Increment(ref server!._connectionsAccepted);
                return next(connection);
            }));
        });

        var app = builder.Build();
        server = new LoopbackMfaServer(app);
        app.Run(server.AnswerAsync);
        await app.StartAsync().ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/api/v1/");
        if (!server.BaseAddress.IsLoopback)
        {
            throw new InvalidOperationException("The benchmark server must listen on loopback only; it got " + address);
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requestsServed);
        await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted).ConfigureAwait(false);
        var answer = HttpMethods.IsPost(context.Request.Method) ? MfaSamples.AnswerFor(context.Request.Path.Value ?? string.Empty) : null;
        if (answer == null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!context.Request.Headers.ContainsKey("Authorization"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }
}
