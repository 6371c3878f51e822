using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Bandwidth.Mfa.Host.Tests.Telemetry;

/// <summary>
/// The OpenTelemetry SDK, as a partner wires it, reads the client's duration histogram with the bucket boundaries the
/// client advises (the HTTP semantic conventions' set for seconds), not its own defaults (0, 5, 10, ... seconds).
/// </summary>
public class DurationBucketTests
{
    [Test]
    public async Task The_SDK_exports_the_duration_with_the_advised_second_buckets()
    {
        var exported = new List<Metric>();
        var sandbox = new MfaSandbox();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddBandwidthMfa(o =>
        {
            var sandboxOptions = sandbox.CreateClientOptions();
            o.AccountId = sandboxOptions.AccountId;
            o.Username = sandboxOptions.Username;
            o.Password = sandboxOptions.Password;
            o.Messaging = sandboxOptions.Messaging;
        }).UseSandbox(sandbox);
        using (var meters = Sdk.CreateMeterProviderBuilder().AddMeter("Bandwidth.Mfa").AddInMemoryExporter(exported).Build())
        {
            using (var provider = services.BuildServiceProvider())
            {
                await provider.GetRequiredService<IMfaService>().SendSmsCodeAsync("+14155550100");
                meters.ForceFlush();
            }
        }

        var duration = exported.First(m => m.Name == "mfa.client.operation.duration");
        var bounds = new List<double>();
        foreach (ref readonly var point in duration.GetMetricPoints())
        {
            foreach (var bucket in point.GetHistogramBuckets())
            {
                bounds.Add(bucket.ExplicitBound);
            }

            break;
        }

        Assert.That(bounds, Is.EqualTo(new[] { 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, double.PositiveInfinity }));
        Assert.That(duration.Unit, Is.EqualTo("s"));
    }
}
