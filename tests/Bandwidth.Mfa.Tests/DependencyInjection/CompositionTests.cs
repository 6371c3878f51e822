using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.DependencyInjection;

/// <summary>One composition root: DI and MfaService.Create build the same ordered chain; registering twice changes nothing.</summary>
public class CompositionTests
{
    public static IEnumerable<TestCaseData> Settings()
    {
        yield return new TestCaseData((Action<MfaOptions>)(o => { o.Username = "u"; o.Password = "p"; }), false,
            new[] { "BasicAuthenticationHandler", "MfaTransportHandler" }).SetName("Basic, no retry: auth, transport");
        yield return new TestCaseData((Action<MfaOptions>)(o => o.AccessToken = "t"), true,
            new[] { "BearerTokenHandler", "MfaRetryHandler", "MfaTransportHandler" }).SetName("Bearer with retry: auth, retry, transport");
        yield return new TestCaseData((Action<MfaOptions>)(o => { o.ClientId = "c"; o.ClientSecret = "s"; o.TokenUrl = new Uri(TokenEndpoint.Url); }), true,
            new[] { "ClientCredentialsHandler", "MfaRetryHandler", "MfaTransportHandler" }).SetName("Client credentials with retry: auth, retry, transport");
        yield return new TestCaseData((Action<MfaOptions>)(o => { o.ClientId = "c"; o.ClientSecret = "s"; o.TokenUrl = new Uri(TokenEndpoint.Url); o.SendLimits = new MfaSendLimitOptions(); }), true,
            new[] { "MfaSendGuardHandler", "ClientCredentialsHandler", "MfaRetryHandler", "MfaTransportHandler" }).SetName("Send limits: the guard is outermost, before auth");
    }

    private static void Base(MfaOptions o, Action<MfaOptions> credentials, bool retry)
    {
        o.BaseUrl = new Uri(MockMfa.BaseUrl);
        o.AccountId = MockMfa.AccountId;
        o.Messaging.From = Requests.From;
        o.Messaging.ApplicationId = Requests.ApplicationId;
        o.Retry = retry ? new MfaRetryOptions() : null;
        credentials(o);
    }

    /// <summary>
    /// The client's own handler types in the chain IHttpClientFactory builds (its filters included), outermost first;
    /// the factory's own logging handlers and the tests' primary handlers are left out.
    /// </summary>
    private static string[] DiChain(ServiceProvider provider)
    {
        var names = new List<string>();
        var outermost = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(MfaServiceCollectionExtensions.HttpClientName);
        for (HttpMessageHandler? handler = outermost; handler is DelegatingHandler delegating; handler = delegating.InnerHandler)
        {
            if (delegating.GetType().Namespace?.StartsWith("Bandwidth.Mfa", StringComparison.Ordinal) == true && delegating.GetType().Assembly != typeof(CompositionTests).Assembly)
            {
                names.Add(delegating.GetType().Name);
            }
        }

        return names.ToArray();
    }

    private static string[] StandaloneChain(MfaService service)
    {
        var names = new List<string>();
        for (var handler = service.Owned!.Outermost; handler is DelegatingHandler delegating; handler = delegating.InnerHandler)
        {
            names.Add(delegating.GetType().Name);
        }

        return names.ToArray();
    }

    [TestCaseSource(nameof(Settings))]
    public void Di_and_MfaService_Create_build_the_same_ordered_handler_chain(Action<MfaOptions> credentials, bool retry, string[] expected)
    {
        using var mock = new MockMfa();
        var services = new ServiceCollection();
        services.AddBandwidthMfa(o => Base(o, credentials, retry));
        using var provider = services.BuildServiceProvider();
        var options = new MfaOptions();
        Base(options, credentials, retry);
        using var service = MfaService.Create(options, mock.Handler);

        Assert.That(DiChain(provider), Is.EqualTo(expected));
        Assert.That(StandaloneChain(service), Is.EqualTo(expected));
    }

    [Test]
    public async Task Registering_twice_adds_no_second_chain_and_the_later_options_apply()
    {
        using var mock = new MockMfa().Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        var services = new ServiceCollection();
        services.AddBandwidthMfa(o => Base(o, c => c.AccessToken = "first", retry: true));
        services.AddBandwidthMfa(o => o.AccessToken = "second")
            .ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(mock.Handler));
        using var provider = services.BuildServiceProvider();

        Assert.That(DiChain(provider), Is.EqualTo(new[] { "BearerTokenHandler", "MfaRetryHandler", "MfaTransportHandler" }));
        Assert.That(services.Count(d => d.ServiceType == typeof(IMfaService)), Is.EqualTo(1));
        Assert.That(await provider.GetRequiredService<IMfaService>().VerifyCodeAsync(Requests.To, "123456"), Is.True);
        Assert.That(mock.Requests.Single().Headers["Authorization"], Is.EqualTo("Bearer second"));
    }

    [Test]
    public void Nothing_the_container_resolves_for_a_call_is_disposable_so_the_root_container_keeps_nothing_alive()
    {
        var services = new ServiceCollection();
        services.AddBandwidthMfa(o => Base(o, c => c.AccessToken = "t", retry: false));
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IMfaService>(), Is.Not.InstanceOf<IDisposable>());
        Assert.That(provider.GetRequiredService<IMfaClient>(), Is.Not.InstanceOf<IDisposable>());
    }
}
