using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Bandwidth.Mfa.Host.Tests.Sandbox;

/// <summary>
/// An application that wires its client to a sandbox in development, and a test that wires it to its own sandbox
/// afterwards (as WebApplicationFactory's ConfigureTestServices does): the last call wins for the traffic and for the
/// container alike; the host says once per client that it runs on a sandbox.
/// </summary>
public class UseSandboxInHostTests
{
    private const string Phone = "+14155550100";

    [Test]
    public async Task The_last_UseSandbox_gets_the_traffic_and_is_the_one_the_container_returns()
    {
        var testSandbox = new MfaSandbox();
        var builder = HostWithAppSandbox();
        builder.Services.AddBandwidthMfa(_ => { }).UseSandbox(testSandbox); // the test's override
        using var host = builder.Build();
        await host.StartAsync();

        await host.Services.GetRequiredService<IMfaService>().SendSmsCodeAsync(Phone);

        Assert.That(testSandbox.Messages.Select(m => m.To), Is.EqualTo(new[] { Phone }));
        Assert.That(host.Services.GetRequiredService<MfaSandbox>(), Is.SameAs(testSandbox), "the container returns the sandbox that got the code");
        await host.StopAsync();
    }

    [Test]
    public async Task The_host_says_once_per_client_that_it_runs_on_a_sandbox()
    {
        var logs = new CapturingLoggerProvider();
        var builder = HostWithAppSandbox();
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddBandwidthMfa(_ => { }).UseSandbox(new MfaSandbox());
        builder.Services.AddBandwidthMfa("brand-a", o =>
        {
            o.AccountId = "9900000";
            o.AccessToken = "token-a";
            o.RequireChannelDefaults = false;
        }).UseSandbox(new MfaSandbox());
        using var host = builder.Build();

        await host.StartAsync();

        var lines = logs.For("Bandwidth.Mfa.Testing").ToArray();
        Assert.That(lines.Select(l => l.EventId.Id), Is.EqualTo(new[] { 1120, 1120 }));
        Assert.That(lines[0].Message, Does.Contain("MFA client (unnamed) runs on the in-process MfaSandbox").And.Contain("https://mfa.bandwidth.com/api/v1/"));
        Assert.That(lines[1].Message, Does.Contain("MFA client 'brand-a'"));
        Assert.That(lines.All(l => l.Level == LogLevel.Information));
        await host.StopAsync();
    }

    /// <summary>The application's Program: settings from configuration, the embedded sandbox in development.</summary>
    private static HostApplicationBuilder HostWithAppSandbox()
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bandwidth:Mfa:AccountId"] = MfaSandbox.ExampleAccountId,
            ["Bandwidth:Mfa:Username"] = MfaSandbox.ExampleUsername,
            ["Bandwidth:Mfa:Password"] = MfaSandbox.ExamplePassword,
            ["Bandwidth:Mfa:Messaging:From"] = MfaSandbox.ExampleFrom,
            ["Bandwidth:Mfa:Messaging:ApplicationId"] = MfaSandbox.ExampleMessagingApplicationId,
        });
        var mfa = builder.Services.AddBandwidthMfa(builder.Configuration.GetSection("Bandwidth:Mfa"));
        if (builder.Environment.IsDevelopment())
        {
            mfa.UseSandbox();
        }

        return builder;
    }
}
