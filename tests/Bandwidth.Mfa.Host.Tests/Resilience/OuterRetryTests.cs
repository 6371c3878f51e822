using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Host.Tests.Support;
using Bandwidth.Mfa.Tests.Hostile;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Bandwidth.Mfa.Host.Tests.Resilience;

/// <summary>
/// Microsoft's standard resilience handler (the real package) around the real client, on loopback sockets: registered
/// for every client through <c>ConfigureHttpClientDefaults</c> as .NET Aspire's service defaults do, or on the builder
/// that <c>AddBandwidthMfa</c> returns. Whatever fails, a send reaches the server at most once unless the earlier attempt
/// surely did not reach it (connection refused) or the service refused it (500, not billed); a verify stays retryable.
/// The standard handler runs on the host's fake clock: its retry delays are fired by the test, its attempt timeout only
/// where the case is "held past the attempt timeout".
/// </summary>
public class OuterRetryTests
{
    public enum Registration
    {
        /// <summary><c>ConfigureHttpClientDefaults(http => { http.AddStandardResilienceHandler(); http.AddServiceDiscovery(); })</c>, as Aspire's ServiceDefaults.</summary>
        ServiceDefaults,

        /// <summary><c>AddBandwidthMfa(...).AddStandardResilienceHandler()</c>.</summary>
        Builder,
    }

    private const string To = "+14155550123";

    /// <summary>The standard handler's attempt timeout (its default).</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly List<IAsyncDisposable> _servers = new();
    private readonly List<IHost> _hosts = new();

    [TearDown]
    public async Task TearDown()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _hosts.Clear();
        _servers.Clear();
    }

    [Test]
    public async Task A_send_held_past_the_attempt_timeout_is_not_sent_again([Values] Registration registration)
    {
        var server = Serve((_, connection) => connection.UntilClientLeavesAsync());
        var (mfa, clock, logs) = await StartAsync(registration, server);

        var call = mfa.SendSmsCodeAsync(To);
        await Task.WhenAny(call, server.FirstRequest);
        clock.Advance(AttemptTimeout);
        var refused = await Refused(call, clock);

        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(refused.Message, Does.Contain("timed out or was cancelled after the request was handed over"));
        AssertLoggedOnce(logs);
    }

    [Test]
    public async Task A_send_whose_connection_is_reset_after_the_request_was_written_is_not_sent_again([Values] Registration registration)
    {
        var server = Serve((_, connection) =>
        {
            connection.Reset();
            return Task.CompletedTask;
        });
        var (mfa, clock, logs) = await StartAsync(registration, server);

        var refused = await Refused(mfa.SendSmsCodeAsync(To), clock);

        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(refused.Message, Does.Contain("failed after the request was handed over"));
        AssertLoggedOnce(logs);
    }

    [Test]
    public async Task A_send_answered_502_is_not_sent_again([Values] Registration registration)
    {
        var server = Serve(Answers.Status(502, "<html>Bad Gateway</html>", "text/html"));
        var (mfa, clock, logs) = await StartAsync(registration, server);

        var refused = await Refused(mfa.SendVoiceCodeAsync(To), clock);

        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(refused.Operation, Is.EqualTo("generateVoiceCode"));
        Assert.That(refused.Message, Does.Contain("an earlier attempt got HTTP 502"));
        AssertLoggedOnce(logs);
    }

    [Test]
    public async Task A_send_the_service_answered_500_may_go_again_because_errors_are_not_billed([Values] Registration registration)
    {
        var server = Serve(Answers.InTurn(
            Answers.Json(500, "{\"error\":\"Internal Error\"}"),
            Answers.Json(200, "{\"messageId\":\"m-1\"}")));
        var (mfa, clock, _) = await StartAsync(registration, server);

        var call = mfa.SendSmsCodeAsync(To);
        await clock.DriveAsync(call, below: AttemptTimeout);

        Assert.That((await call).MessageId, Is.EqualTo("m-1"));
        Assert.That(server.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_send_whose_connection_was_refused_may_go_again_because_nothing_left([Values] Registration registration)
    {
        var server = Serve(Answers.Json(200, "{\"messageId\":\"m-2\"}"), listen: false);
        var (mfa, clock, _) = await StartAsync(registration, server, onRetry: server.Listen);

        var call = mfa.SendSmsCodeAsync(To);
        await clock.DriveAsync(call, below: AttemptTimeout);

        Assert.That((await call).MessageId, Is.EqualTo("m-2"));
        Assert.That(server.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_verify_answered_502_stays_retryable([Values] Registration registration)
    {
        var server = Serve(Answers.InTurn(
            Answers.Status(502, "<html>Bad Gateway</html>", "text/html"),
            Answers.Json(200, "{\"valid\":true}")));
        var (mfa, clock, _) = await StartAsync(registration, server);

        var call = mfa.VerifyCodeAsync(To, "123456");
        await clock.DriveAsync(call, below: AttemptTimeout);

        Assert.That(await call, Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_hedged_second_send_while_the_first_is_on_the_wire_is_refused()
    {
        var server = Serve((_, connection) => connection.UntilClientLeavesAsync());
        var (mfa, clock, logs) = await StartAsync(Registration.Builder, server, hedging: true);

        var call = mfa.SendSmsCodeAsync(To);
        await Task.WhenAny(call, server.FirstRequest);
        // The standard hedging handler starts a second attempt after its hedging delay (2 s by default).
        clock.Advance(TimeSpan.FromSeconds(2));
        var refused = await Refused(call, clock);

        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(refused.Message, Does.Contain("an earlier attempt was still on the wire"));
        AssertLoggedOnce(logs);
    }

    [Test]
    public async Task RemoveAllResilienceHandlers_on_the_MFA_builder_is_the_fix_the_message_names()
    {
        var server = Serve(Answers.Status(502, "<html>Bad Gateway</html>", "text/html"));
        var (mfa, _, _) = await StartAsync(Registration.ServiceDefaults, server, removeResilience: true);

        var failure = await Assert.ThrowsAsync<MfaApiException>(() => mfa.SendSmsCodeAsync(To));

        Assert.That(failure!.Status, Is.EqualTo(502));
        Assert.That(failure.RequestMayHaveReachedServer, Is.True);
        Assert.That(server.RequestCount, Is.EqualTo(1));
    }

    private HostileServer Serve(Func<SeenRequest, HostileConnection, Task> script, bool listen = true)
    {
        var server = new HostileServer(script, maxRequests: 8, lifetime: TimeSpan.FromSeconds(60), listen: listen);
        _servers.Add(server);
        return server;
    }

    /// <summary>A generic host as .NET Aspire's ServiceDefaults build one, with the MFA client from configuration.</summary>
    private async Task<(IMfaService Mfa, StepClock Clock, CapturingLoggerProvider Logs)> StartAsync(
        Registration registration, HostileServer server, Action? onRetry = null, bool hedging = false, bool removeResilience = false)
    {
        var clock = new StepClock();
        var logs = new CapturingLoggerProvider();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bandwidth:Mfa:BaseUrl"] = server.BaseUrl.ToString(),
            ["Bandwidth:Mfa:AccountId"] = "9900000",
            ["Bandwidth:Mfa:Username"] = "api-user",
            ["Bandwidth:Mfa:Password"] = "api-password-1",
            ["Bandwidth:Mfa:Timeout"] = "00:00:30",
            ["Bandwidth:Mfa:Messaging:From"] = "+19195554321",
            ["Bandwidth:Mfa:Messaging:ApplicationId"] = "messaging-app",
            ["Bandwidth:Mfa:Voice:From"] = "+19195554321",
            ["Bandwidth:Mfa:Voice:ApplicationId"] = "voice-app",
        });

        Action<HttpStandardResilienceOptions> tune = options =>
        {
            if (onRetry != null)
            {
                options.Retry.OnRetry = _ =>
                {
                    onRetry();
                    return default;
                };
            }
        };
        if (registration == Registration.ServiceDefaults)
        {
            // What the Aspire template's Extensions.AddServiceDefaults() registers for HTTP clients.
            builder.Services.AddServiceDiscovery();
            builder.Services.ConfigureHttpClientDefaults(http =>
            {
                http.AddStandardResilienceHandler(tune);
                http.AddServiceDiscovery();
            });
        }

        var mfa = builder.Services.AddBandwidthMfa(builder.Configuration.GetSection("Bandwidth:Mfa"));
        if (registration == Registration.Builder)
        {
            if (hedging)
            {
                mfa.AddStandardHedgingHandler();
            }
            else
            {
                mfa.AddStandardResilienceHandler(tune);
            }
        }

        if (removeResilience)
        {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental in the 10.0 package.
            mfa.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }

        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return (host.Services.GetRequiredService<IMfaService>(), clock, logs);
    }

    private static async Task<MfaUnsafeRetryException> Refused(Task call, StepClock clock)
    {
        Exception? caught = null;
        try
        {
            await clock.DriveAsync(call, below: AttemptTimeout).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception exception)
        {
            caught = exception;
        }

        Assert.That(caught, Is.InstanceOf<MfaUnsafeRetryException>(), () => "got " + caught);
        var refused = (MfaUnsafeRetryException)caught!;
        Assert.That(refused.RequestMayHaveReachedServer, Is.True);
        Assert.That(refused.Attempt, Is.EqualTo(2));
        Assert.That(refused.Message, Does.Contain("RemoveAllResilienceHandlers()").And.Contain("DisableForUnsafeHttpMethods()").And.Contain("MfaOptions.Retry"));
        Assert.That(refused.Message, Does.Not.Contain("4155550123"));
        return refused;
    }

    private static void AssertLoggedOnce(CapturingLoggerProvider logs)
    {
        var lines = logs.For(LogEventIds.Category).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), () => string.Join(" | ", lines.Select(l => l.ToString())));
        Assert.That(lines[0].EventId.Id, Is.EqualTo(LogEventIds.CallFailed.Id));
        Assert.That(lines[0].Message, Does.Contain("MfaUnsafeRetryException").And.Contain("request may have reached the server: True"));
    }
}
