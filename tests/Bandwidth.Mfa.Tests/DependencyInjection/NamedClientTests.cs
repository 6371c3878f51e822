using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.DependencyInjection;

/// <summary>Several accounts in one container: named clients with their own options, chains, token caches and telemetry.</summary>
[NonParallelizable]
public class NamedClientTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa()
        .Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}")
        .Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private static void Basic(MfaOptions o, string account, string user, string password)
    {
        o.BaseUrl = new Uri(MockMfa.BaseUrl);
        o.AccountId = account;
        o.Messaging.From = Requests.From;
        o.Messaging.ApplicationId = Requests.ApplicationId;
        o.Username = user;
        o.Password = password;
        o.Messaging.From = Requests.From;
        o.Messaging.ApplicationId = Requests.ApplicationId;
    }

    private static void OAuth(MfaOptions o, string account, string clientId)
    {
        o.BaseUrl = new Uri(MockMfa.BaseUrl);
        o.AccountId = account;
        o.Messaging.From = Requests.From;
        o.Messaging.ApplicationId = Requests.ApplicationId;
        o.ClientId = clientId;
        o.ClientSecret = clientId + "-secret";
        o.TokenUrl = new Uri(TokenEndpoint.Url);
    }

    private ServiceProvider Build(Action<IServiceCollection> register, params string[] names)
    {
        var services = new ServiceCollection();
        register(services);
        foreach (var httpName in names.SelectMany(n => new[] { MfaServiceCollectionExtensions.HttpClientNameFor(n), MfaServiceCollectionExtensions.TokenHttpClientNameFor(n) })
            .Concat(new[] { MfaServiceCollectionExtensions.HttpClientName, MfaServiceCollectionExtensions.TokenHttpClientName }))
        {
            services.AddHttpClient(httpName).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public async Task Two_named_clients_send_with_their_own_account_and_authorization()
    {
        using var provider = Build(s =>
        {
            s.AddBandwidthMfa("brand-a", o => Basic(o, "1111111", "user-a", "pass-a"));
            s.AddBandwidthMfa("brand-b", o => Basic(o, "2222222", "user-b", "pass-b"));
        }, "brand-a", "brand-b");

        await provider.GetRequiredKeyedService<IMfaService>("brand-a").SendSmsCodeAsync(Requests.To);
        await provider.GetRequiredKeyedService<IMfaClient>("brand-b").VerifyCodeAsync("2222222", Requests.Verify());

        var requests = _mock.Requests.ToList();
        Assert.That(requests[0].Uri, Is.EqualTo(MockMfa.BaseUrl + "accounts/1111111/code/messaging"));
        Assert.That(requests[0].Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user-a:pass-a"))));
        Assert.That(requests[1].Uri, Is.EqualTo(MockMfa.BaseUrl + "accounts/2222222/code/verify"));
        Assert.That(requests[1].Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user-b:pass-b"))));
    }

    [Test]
    public async Task Each_named_client_has_its_own_token_cache()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        using var provider = Build(s =>
        {
            s.AddBandwidthMfa("brand-a", o => OAuth(o, "1111111", "client-a"));
            s.AddBandwidthMfa("brand-b", o => OAuth(o, "2222222", "client-b"));
        }, "brand-a", "brand-b");
        var factory = provider.GetRequiredService<IMfaClientFactory>();

        for (var i = 0; i < 3; i++)
        {
            await factory.GetService("brand-a").VerifyCodeAsync(Requests.To, "123456");
            await factory.GetService("brand-b").VerifyCodeAsync(Requests.To, "123456");
        }

        var byClient = tokens.Requests.GroupBy(r => r.Authorization).ToDictionary(g => g.Key!, g => g.Count());
        Assert.That(byClient, Is.EquivalentTo(new Dictionary<string, int>
        {
            ["Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("client-a:client-a-secret"))] = 1,
            ["Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("client-b:client-b-secret"))] = 1,
        }));
        var calls = _mock.Requests.Where(r => r.Uri.EndsWith("/code/verify", StringComparison.Ordinal)).ToList();
        Assert.That(calls.Select(r => (r.Uri.Contains("1111111"), r.Authorization)).Distinct(), Is.EquivalentTo(new[]
        {
            (true, "Bearer tok-1"),
            (false, "Bearer tok-2"),
        }).Or.EquivalentTo(new[] { (true, "Bearer tok-2"), (false, "Bearer tok-1") }));
    }

    [Test]
    public async Task The_unnamed_registration_and_a_named_one_live_side_by_side()
    {
        using var provider = Build(s =>
        {
            s.AddBandwidthMfa(o => Basic(o, "3333333", "user-0", "pass-0"));
            s.AddBandwidthMfa("brand-a", o => Basic(o, "1111111", "user-a", "pass-a"));
        }, "brand-a");

        await provider.GetRequiredService<IMfaService>().SendSmsCodeAsync(Requests.To);
        await provider.GetRequiredService<IMfaClientFactory>().GetService("brand-a").SendSmsCodeAsync(Requests.To);

        Assert.That(_mock.Requests.Select(r => r.Uri), Is.EqualTo(new[]
        {
            MockMfa.BaseUrl + "accounts/3333333/code/messaging",
            MockMfa.BaseUrl + "accounts/1111111/code/messaging",
        }));
        Assert.That(provider.GetRequiredService<IOptions<MfaOptions>>().Value.AccountId, Is.EqualTo("3333333"));
    }

    [Test]
    public void A_named_client_is_validated_at_start_up_with_its_name_and_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BrandA:BaseUrl"] = MockMfa.BaseUrl,
            ["BrandA:Username"] = "u",
            ["BrandA:Password"] = "p",
        }).Build();
        using var provider = Build(s => s.AddBandwidthMfa("brand-a", configuration.GetSection("BrandA")), "brand-a");

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(ex!.Message, Does.Contain("MFA client 'brand-a': ").And.Contain("'BrandA:AccountId'"));
    }

    [Test]
    public void Registering_a_name_twice_adds_options_only_and_an_unknown_name_is_a_clear_error()
    {
        var services = new ServiceCollection();
        services.AddBandwidthMfa("brand-a", o => Basic(o, "1111111", "user-a", "pass-a"));
        services.AddBandwidthMfa("brand-a", o => o.AccountId = "1212121");
        Assert.That(services.Count(d => d.ServiceType == typeof(MfaServiceCollectionExtensions.MfaRegistration)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IMfaClient) && Equals(d.ServiceKey, "brand-a")), Is.EqualTo(1), "one chain per name");

        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptionsMonitor<MfaOptions>>().Get("brand-a").AccountId, Is.EqualTo("1212121"));
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IMfaClientFactory>().GetService("brand-z"));
        Assert.That(ex!.Message, Does.Contain("'brand-z'"));
        Assert.Throws<ArgumentException>(() => services.AddBandwidthMfa(" ", o => { }));
    }

    [Test]
    public async Task UseSandbox_works_per_name()
    {
        var sandboxA = new MfaSandbox();
        var sandboxB = new MfaSandbox();
        var services = new ServiceCollection();
        services.AddBandwidthMfa("brand-a", o => Basic(o, "1111111", "user-a", "pass-a")).UseSandbox(sandboxA);
        services.AddBandwidthMfa("brand-b", o => Basic(o, "2222222", "user-b", "pass-b")).UseSandbox(sandboxB);
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IMfaClientFactory>();

        await factory.GetService("brand-a").SendSmsCodeAsync(Requests.To);
        await factory.GetService("brand-b").SendSmsCodeAsync(Requests.To);
        await factory.GetService("brand-b").SendSmsCodeAsync(Requests.To);

        Assert.That(sandboxA.Requests.Count(), Is.EqualTo(1));
        Assert.That(sandboxB.Requests.Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Spans_and_measurements_carry_the_client_name_and_use_the_container_meter_factory()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddBandwidthMfa("brand-a", o => Basic(o, "1111111", "user-a", "pass-a"));
        services.AddHttpClient(MfaServiceCollectionExtensions.HttpClientNameFor("brand-a")).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        using var provider = services.BuildServiceProvider();
        using var telemetry = new TelemetryRecorder(provider.GetRequiredService<IMeterFactory>());

        await provider.GetRequiredKeyedService<IMfaService>("brand-a").SendSmsCodeAsync(Requests.To);

        Assert.That(telemetry.Single("MFA generateMessagingCode").GetTagItem("mfa.client.name"), Is.EqualTo("brand-a"));
        var sent = telemetry.Of("mfa.client.codes.sent").Single();
        Assert.That(sent.Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["mfa.channel"] = "sms", ["outcome"] = "accepted", ["mfa.client.name"] = "brand-a" }));
        Assert.That(telemetry.Of("mfa.client.operation.duration").Single()["mfa.client.name"], Is.EqualTo("brand-a"));
    }

    [Test]
    public async Task The_unnamed_client_and_a_client_named_default_are_told_apart_in_telemetry()
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddBandwidthMfa(o => Basic(o, "3333333", "user-0", "pass-0"))
            .ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        services.AddBandwidthMfa("default", o => Basic(o, "4444444", "user-d", "pass-d"));
        services.AddHttpClient(MfaServiceCollectionExtensions.HttpClientNameFor("default")).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        using var provider = services.BuildServiceProvider();
        using var telemetry = new TelemetryRecorder(provider.GetRequiredService<IMeterFactory>());

        await provider.GetRequiredService<IMfaService>().VerifyCodeAsync(Requests.To, "123456");
        await provider.GetRequiredKeyedService<IMfaService>("default").VerifyCodeAsync(Requests.To, "123456");

        var names = telemetry.Of("mfa.client.verifications").Select(m => m["mfa.client.name"]).ToArray();
        Assert.That(names, Is.EqualTo(new object?[] { "(unnamed)", "default" }));
        var span = telemetry.MfaSpans.First(s => s.DisplayName == "MFA verifyCode");
        Assert.That(span.GetTagItem("mfa.client.name"), Is.EqualTo("(unnamed)"));
        Assert.That(span.GetTagItem("mfa.verify.result"), Is.EqualTo("valid"));
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddBandwidthMfa("(unnamed)", o => { }));
    }

    [Test]
    public async Task Through_DI_a_failed_call_is_an_error_span_and_failed_measurements_of_its_client()
    {
        var failing = new CallbackHandler((_, _) => throw new HttpRequestException("reset"));
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddBandwidthMfa("brand-a", o => Basic(o, "1111111", "user-a", "pass-a"))
            .ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(failing));
        using var provider = services.BuildServiceProvider();
        using var telemetry = new TelemetryRecorder(provider.GetRequiredService<IMeterFactory>());
        var service = provider.GetRequiredKeyedService<IMfaService>("brand-a");

        await Assert.CatchAsync<MfaTransportException>(() => service.SendSmsCodeAsync(Requests.To));
        await Assert.CatchAsync<MfaTransportException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        foreach (var span in telemetry.MfaSpans)
        {
            Assert.That(span.Status, Is.EqualTo(System.Diagnostics.ActivityStatusCode.Error));
            Assert.That(span.GetTagItem("error.type"), Is.EqualTo("transport"));
            Assert.That(span.GetTagItem("mfa.client.name"), Is.EqualTo("brand-a"));
        }

        Assert.That(telemetry.MfaSpans.Count(), Is.EqualTo(2));
        Assert.That(telemetry.Of("mfa.client.codes.sent").Single().Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["mfa.channel"] = "sms", ["outcome"] = "failed", ["mfa.client.name"] = "brand-a" }));
        Assert.That(telemetry.Of("mfa.client.verifications").Single().Tags, Is.EquivalentTo(new Dictionary<string, object?> { ["outcome"] = "failed", ["mfa.client.name"] = "brand-a" }));
        Assert.That(telemetry.Of("mfa.client.operation.duration").Select(d => d["error.type"]), Is.EqualTo(new[] { "transport", "transport" }));
    }
}
