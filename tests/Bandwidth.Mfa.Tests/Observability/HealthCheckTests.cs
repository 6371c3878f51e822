using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Observability;

/// <summary>The health check reports from recent outcomes, per named client, and never sends a request.</summary>
public class HealthCheckTests
{
    private Func<HttpResponseMessage> _answer = null!;
    private Func<HttpResponseMessage> _token = null!;
    private int _requests;
    private CallbackHandler _primary = null!;

    [SetUp]
    public void SetUp()
    {
        _requests = 0;
        _answer = () => Json(200, "{\"valid\":true}");
        _token = () => Json(500, "{}");
        _primary = new CallbackHandler((request, _) =>
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(request.RequestUri!.AbsoluteUri == TokenEndpoint.Url ? _token() : _answer());
        });
    }

    private static HttpResponseMessage Json(int status, string body) =>
        new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private ServiceProvider Build(Action<MfaOptions>? brandB = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddBandwidthMfa("brand-a", o => Options(o, "1111111"));
        services.AddBandwidthMfa("brand-b", brandB ?? (o => Options(o, "2222222")));
        services.AddHttpClient(MfaServiceCollectionExtensions.HttpClientNameFor("brand-a")).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_primary));
        services.AddHttpClient(MfaServiceCollectionExtensions.HttpClientNameFor("brand-b")).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_primary));
        services.AddHttpClient(MfaServiceCollectionExtensions.TokenHttpClientNameFor("brand-b")).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_primary));
        services.AddHealthChecks().AddBandwidthMfa("brand-a", unhealthyAfter: 2).AddBandwidthMfa("brand-b");
        return services.BuildServiceProvider();

        static void Options(MfaOptions o, string account)
        {
            o.BaseUrl = new Uri(MockMfa.BaseUrl);
            o.AccountId = account;
            o.Messaging.From = Requests.From;
            o.Messaging.ApplicationId = Requests.ApplicationId;
            o.Username = "u";
            o.Password = "p";
        }
    }

    private static async Task<HealthStatus> StatusOf(ServiceProvider provider, string check) =>
        (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries[check].Status;

    [Test]
    public async Task Transport_failures_and_5xx_degrade_then_make_unhealthy_and_a_success_resets_per_client()
    {
        using var provider = Build();
        var a = provider.GetRequiredService<IMfaClientFactory>().GetService("brand-a");

        Assert.That(await StatusOf(provider, "bandwidth-mfa:brand-a"), Is.EqualTo(HealthStatus.Healthy));
        Assert.That(_requests, Is.Zero, "the check never sends a request");

        _answer = () => throw new HttpRequestException("reset");
        await Assert.CatchAsync<MfaTransportException>(() => a.VerifyCodeAsync(Requests.To, "123456"));
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.That(report.Entries["bandwidth-mfa:brand-a"].Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(report.Entries["bandwidth-mfa:brand-a"].Data["last_failure"], Is.EqualTo("transport"));
        Assert.That(report.Entries["bandwidth-mfa:brand-b"].Status, Is.EqualTo(HealthStatus.Healthy), "the other client's own tracker");

        _answer = () => Json(503, "{\"error\":\"busy\",\"requestId\":\"r\"}");
        await Assert.CatchAsync<MfaApiException>(() => a.VerifyCodeAsync(Requests.To, "123456"));
        Assert.That(await StatusOf(provider, "bandwidth-mfa:brand-a"), Is.EqualTo(HealthStatus.Unhealthy));

        _answer = () => Json(400, "{\"error\":\"bad\",\"requestId\":\"r\"}");
        await Assert.CatchAsync<MfaApiException>(() => a.VerifyCodeAsync(Requests.To, "123456"));
        Assert.That(await StatusOf(provider, "bandwidth-mfa:brand-a"), Is.EqualTo(HealthStatus.Healthy), "the server answered: reachable");
        Assert.That(_requests, Is.EqualTo(3));
    }

    [Test]
    public async Task Failures_are_forgotten_after_the_window_on_the_clients_clock_so_an_instance_out_of_traffic_comes_back()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddBandwidthMfa(o =>
        {
            o.BaseUrl = new Uri(MockMfa.BaseUrl);
            o.AccountId = "1111111";
            o.Messaging.From = Requests.From;
            o.Messaging.ApplicationId = Requests.ApplicationId;
            o.Username = "u";
            o.Password = "p";
        }).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_primary));
        services.AddHealthChecks().AddBandwidthMfa(unhealthyAfter: 2, failureWindow: TimeSpan.FromSeconds(30));
        using var provider = services.BuildServiceProvider();
        var mfa = provider.GetRequiredService<IMfaService>();

        _answer = () => throw new HttpRequestException("reset");
        await Assert.CatchAsync<MfaTransportException>(() => mfa.VerifyCodeAsync(Requests.To, "123456"));
        await Assert.CatchAsync<MfaTransportException>(() => mfa.VerifyCodeAsync(Requests.To, "123456"));
        Assert.That(await StatusOf(provider, "bandwidth-mfa"), Is.EqualTo(HealthStatus.Unhealthy));

        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.That(await StatusOf(provider, "bandwidth-mfa"), Is.EqualTo(HealthStatus.Unhealthy), "still within the window");

        clock.Advance(TimeSpan.FromSeconds(1));
        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["bandwidth-mfa"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Healthy), "no call is needed to come back");
        Assert.That(entry.Description, Does.Contain("forgotten"));
        Assert.That(_requests, Is.EqualTo(2), "the check never sends a request");

        await Assert.CatchAsync<MfaTransportException>(() => mfa.VerifyCodeAsync(Requests.To, "123456"));
        Assert.That(await StatusOf(provider, "bandwidth-mfa"), Is.EqualTo(HealthStatus.Degraded), "a new failure starts a new streak");
    }

    [Test]
    public async Task A_failed_OAuth2_token_request_is_unhealthy_until_one_succeeds()
    {
        var refuse = true;
        var issued = 0;
        _token = () => refuse
            ? Json(401, "{\"error\":\"invalid_client\"}")
            : Json(200, "{\"access_token\":\"tok-" + Interlocked.Increment(ref issued) + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        using var provider = Build(o =>
        {
            o.BaseUrl = new Uri(MockMfa.BaseUrl);
            o.AccountId = "2222222";
            o.Messaging.From = Requests.From;
            o.Messaging.ApplicationId = Requests.ApplicationId;
            o.ClientId = "client-b";
            o.ClientSecret = "secret-b";
            o.TokenUrl = new Uri(TokenEndpoint.Url);
        });
        var b = provider.GetRequiredKeyedService<IMfaService>("brand-b");

        await Assert.CatchAsync<MfaAuthenticationException>(() => b.VerifyCodeAsync(Requests.To, "123456"));
        var entry = (await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["bandwidth-mfa:brand-b"];
        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Description, Does.Contain("token request"));

        refuse = false;
        await b.VerifyCodeAsync(Requests.To, "123456");
        Assert.That(await StatusOf(provider, "bandwidth-mfa:brand-b"), Is.EqualTo(HealthStatus.Healthy));
    }
}
