using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>
    /// One running sandbox server: the MFA API under <c>/api/</c>, the outbox page at <c>/</c>, the JSON API under
    /// <c>/sandbox/api/</c> and live changes at <c>/sandbox/events</c>, all over one <see cref="MfaSandbox"/>.
    /// </summary>
    internal sealed class SandboxHost : IAsyncDisposable
    {
        private static readonly string[] AnyHost = { "*" };

        private readonly WebApplication _app;
        private readonly ApiBridge _bridge;
        private readonly ChangeFeed _feed;

        private SandboxHost(WebApplication app, ApiBridge bridge, ChangeFeed feed, Uri root)
        {
            _app = app;
            _bridge = bridge;
            _feed = feed;
            Root = root;
        }

        /// <summary>The server's address, such as <c>http://127.0.0.1:5380/</c>.</summary>
        internal Uri Root { get; }

        internal Uri BaseUrl => new Uri(Root, "api/v1/");

        internal Uri TokenUrl => new Uri(Root, "api/v1/oauth2/token");

        internal IHostApplicationLifetime Lifetime => _app.Lifetime;

        /// <summary>
        /// Builds and starts the server; throws <see cref="IOException"/> when the address is in use and
        /// <see cref="System.Net.Sockets.SocketException"/> when it cannot be bound for another reason.
        /// </summary>
        internal static async Task<SandboxHost> StartAsync(ServerSettings settings, CancellationToken cancellationToken)
        {
            var hostName = settings.Host == "localhost" ? "localhost" : (settings.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + settings.Address + "]" : settings.Address.ToString());
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "Bandwidth.Mfa.SandboxServer" });
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);

            // A failed start is told in one line by Program (the host would log it again with its stack trace).
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                // Far above the server's own limit (BodyLimit), which refuses an oversized body first with its JSON answer;
                // this one only bounds how much of a refused body Kestrel drains after that answer.
                kestrel.Limits.MaxRequestBodySize = BodyLimit.DrainBytes;
                if (settings.Host == "localhost")
                {
                    kestrel.ListenLocalhost(settings.Port);
                }
                else
                {
                    kestrel.Listen(settings.Address, settings.Port);
                }
            });
            builder.Services.AddHostFiltering(o =>
            {
                // A page of another site that resolves its own name to 127.0.0.1 (DNS rebinding) must not read the codes:
                // on loopback only requests that name a loopback host are answered.
                // The address listened on is one of them (another loopback address such as 127.0.0.2 is no rebound name).
                o.AllowedHosts = settings.IsLoopbackOnly ? new[] { "127.0.0.1", "localhost", "[::1]", hostName }.Distinct().ToArray() : AnyHost;
                o.AllowEmptyHosts = false;
            });

            var sandbox = new MfaSandbox(settings.Sandbox);
            var bridge = new ApiBridge(sandbox);
            var feed = new ChangeFeed(sandbox);
            var app = builder.Build();
            try
            {
                app.UseHostFiltering();
                app.Use(BodyLimit.InvokeAsync);
                SandboxHost? host = null;
                var api = new ControlApi(sandbox, feed, () => host!.Info(settings), app.Lifetime.ApplicationStopping);
                Map(app, api, bridge, feed, sandbox);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                var port = new Uri(address).Port;
                host = new SandboxHost(app, bridge, feed, new Uri("http://" + hostName + ":" + port + "/"));
                return host;
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                feed.Dispose();
                bridge.Dispose();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            _feed.Dispose();
            await _app.DisposeAsync().ConfigureAwait(false);
            _bridge.Dispose();
        }

        internal Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

        private ServerInfo Info(ServerSettings settings)
        {
            return new ServerInfo(
                typeof(SandboxHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0",
                Root.ToString(),
                BaseUrl.ToString(),
                TokenUrl.ToString(),
                settings.DescribeCredentials(),
                settings.Sandbox.MaxFailedVerifications,
                settings.Sandbox.VerificationCoolDown.TotalSeconds,
                settings.Sandbox.HistoryLimit ?? 0);
        }

        private static void Map(WebApplication app, ControlApi api, ApiBridge bridge, ChangeFeed feed, MfaSandbox sandbox)
        {
            // The MFA API and the token endpoint: whatever the sandbox says, including its own 404 and 405.
            app.Map("/api/{**rest}", bridge.HandleAsync);

            app.MapGet("/", context => OutboxPage.WriteAsync(context, "index.html", "text/html; charset=utf-8"));
            foreach (var script in new[] { "outbox.js", "outbox-view.js", "outbox-dom.js" })
            {
                app.MapGet("/" + script, context => OutboxPage.WriteAsync(context, script, "text/javascript; charset=utf-8"));
            }

            app.MapGet("/outbox.css", context => OutboxPage.WriteAsync(context, "outbox.css", "text/css; charset=utf-8"));
            app.MapGet("/favicon.ico", context =>
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            });

            app.MapGet("/sandbox/api/info", api.Info);
            app.MapGet("/sandbox/api/outbox", api.Outbox);
            app.MapGet("/sandbox/api/numbers/{to}/last-code", (Func<string, HttpContext, Task<IResult>>)api.LastCodeAsync);
            app.MapGet("/sandbox/api/requests", api.Requests);
            app.MapPost("/sandbox/api/numbers/{to}/unlock", (Func<string, HttpContext, IResult>)api.Unlock);
            app.MapPost("/sandbox/api/clear", api.Clear);
            app.MapPost("/sandbox/api/reset", api.Reset);
            app.MapPost("/sandbox/api/failures", (Func<HttpContext, Task<IResult>>)api.AddFailureAsync);
            app.MapPost("/sandbox/api/failures/clear", api.ClearFailures);
            app.MapPost("/sandbox/api/tokens/revoke", api.RevokeTokens);
            app.Map("/sandbox/{**rest}", () => JsonAnswers.Error(HttpStatusCode.NotFound, "no such sandbox endpoint; the README of Bandwidth.Mfa.SandboxServer lists them"));

            app.MapGet("/sandbox/events", context => EventStream.WriteAsync(context, feed, sandbox, app.Lifetime.ApplicationStopping));
        }
    }
}
