using System;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using static Bandwidth.Mfa.Tests.Testing.SandboxFixture;

namespace Bandwidth.Mfa.Tests.Testing.DependencyInjection;

/// <summary>The sandbox plugged into AddBandwidthMfa, and into the non-DI factory, with each authentication mode.</summary>
public class UseSandboxTests
{
    private static ServiceProvider Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static void Configure(MfaOptions o, MfaSandbox sandbox)
    {
        var defaults = sandbox.CreateClientOptions();
        o.BaseUrl = MfaOptions.ProductionBaseUrl; // the sandbox answers any host: nothing leaves the process
        o.AccountId = defaults.AccountId;
        o.Messaging.From = defaults.Messaging.From;
        o.Messaging.ApplicationId = defaults.Messaging.ApplicationId;
    }

    [Test]
    public async Task AddBandwidthMfa_UseSandbox_runs_the_whole_flow_with_Basic_credentials()
    {
        var sandbox = new MfaSandbox();
        using var provider = Build(s => s.AddBandwidthMfa(o =>
        {
            Configure(o, sandbox);
            o.Username = "api-user";
            o.Password = "api-password";
        }).UseSandbox(sandbox));

        var mfa = provider.GetRequiredService<IMfaService>();
        await mfa.SendSmsCodeAsync(To);

        Assert.That(provider.GetRequiredService<MfaSandbox>(), Is.SameAs(sandbox));
        Assert.That(await mfa.VerifyCodeAsync(To, sandbox.LastCodeTo(To)), Is.True);
        Assert.That(await mfa.VerifyCodeAsync(To, MfaSandboxTests.Wrong(sandbox.LastCodeTo(To))), Is.False);
        Assert.That(sandbox.Requests.Select(r => r.AuthenticationScheme), Is.All.EqualTo("Basic"));
    }

    [Test]
    public async Task Client_credentials_get_a_token_from_the_sandbox_and_reuse_it()
    {
        var sandbox = new MfaSandbox(new MfaSandboxOptions { ClientId = "client-1", ClientSecret = "secret-1" });
        using var provider = Build(s => s.AddBandwidthMfa(o =>
        {
            Configure(o, sandbox);
            o.ClientId = "client-1";
            o.ClientSecret = "secret-1";
        }).UseSandbox(sandbox));
        var mfa = provider.GetRequiredService<IMfaService>();

        await mfa.SendSmsCodeAsync(To);
        Assert.That(await mfa.VerifyCodeAsync(To, sandbox.LastCodeTo(To)), Is.True);

        Assert.That(sandbox.Requests.Select(r => (r.Operation, r.AuthenticationScheme, r.StatusCode)), Is.EqualTo(new[]
        {
            (MfaSandboxOperation.Token, "Basic", (int?)200),
            (MfaSandboxOperation.GenerateMessagingCode, "Bearer", (int?)200),
            (MfaSandboxOperation.VerifyCode, "Bearer", (int?)200),
        }));
    }

    [Test]
    public async Task A_revoked_token_is_refused_and_the_client_fetches_a_new_one_once()
    {
        var sandbox = new MfaSandbox(new MfaSandboxOptions { ClientId = "client-1", ClientSecret = "secret-1" });
        using var mfa = sandbox.CreateService();
        await mfa.SendSmsCodeAsync(To);
        var code = sandbox.LastCodeTo(To);

        sandbox.RevokeIssuedTokens();
        var valid = await mfa.VerifyCodeAsync(To, code);

        Assert.That(valid, Is.True);
        Assert.That(sandbox.Requests.Select(r => (r.Operation, r.StatusCode)), Is.EqualTo(new[]
        {
            (MfaSandboxOperation.Token, (int?)200),
            (MfaSandboxOperation.GenerateMessagingCode, (int?)200),
            (MfaSandboxOperation.VerifyCode, (int?)401),
            (MfaSandboxOperation.Token, (int?)200),
            (MfaSandboxOperation.VerifyCode, (int?)200),
        }));
    }

    [Test]
    public async Task An_issued_token_expires_on_the_sandbox_clock()
    {
        var clock = NewClock();
        var sandbox = NewSandbox(clock, o => o.TokenLifetime = TimeSpan.FromMinutes(10));
        using var tokenClient = RawClient(sandbox, Basic("any-client", "any-secret"));
        using var form = new FormUrlEncodedContent(new[] { new System.Collections.Generic.KeyValuePair<string, string>("grant_type", "client_credentials") });
        using var issued = await tokenClient.PostAsync("https://api.bandwidth.com/api/v1/oauth2/token", form);
        var token = Json(await issued.Content.ReadAsStringAsync());
        Assert.That((string?)token["token_type"], Is.EqualTo("Bearer"));
        Assert.That((int?)token["expires_in"], Is.EqualTo(600));
        using var api = RawClient(sandbox, "Bearer " + token["access_token"]);

        Assert.That((await PostAsync(api, "accounts/1/code/messaging", SendJson)).Status, Is.EqualTo(200));
        clock.Advance(TimeSpan.FromMinutes(10));
        Assert.That((await PostAsync(api, "accounts/1/code/messaging", SendJson)).Status, Is.EqualTo(401));
    }

    [Test]
    public async Task Wrong_client_credentials_are_an_authentication_exception()
    {
        var sandbox = new MfaSandbox(new MfaSandboxOptions { ClientId = "client-1", ClientSecret = "secret-1" });
        var options = sandbox.CreateClientOptions();
        options.ClientSecret = "not-the-secret";
        using var mfa = sandbox.CreateService(options);

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.Status, Is.EqualTo(401));
        Assert.That(ex.Message, Does.Contain("invalid_client").And.Not.Contain("not-the-secret"));
        Assert.That(sandbox.Messages, Is.Empty);
    }

    [Test]
    public async Task A_failing_token_endpoint_can_be_injected()
    {
        var sandbox = new MfaSandbox(new MfaSandboxOptions { ClientId = "client-1", ClientSecret = "secret-1" });
        using var mfa = sandbox.CreateService();
        sandbox.FailNext(MfaSandboxFailure.ServiceUnavailable(), operation: MfaSandboxOperation.Token);

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => mfa.SendSmsCodeAsync(To));

        Assert.That(ex!.Status, Is.EqualTo(503));
        Assert.That(await mfa.SendSmsCodeAsync(To), Is.Not.Null, "the next token request succeeds");
    }

    [Test]
    public async Task A_fixed_access_token_configured_on_both_sides_works()
    {
        var sandbox = new MfaSandbox(new MfaSandboxOptions { AccessToken = "fixed-token" });
        using var mfa = sandbox.CreateService();

        await mfa.SendSmsCodeAsync(To);

        Assert.That(sandbox.Requests.Single().AuthenticationScheme, Is.EqualTo("Bearer"));
        Assert.That(sandbox.Requests.Single().StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task State_survives_the_disposal_of_handlers_and_clients()
    {
        var sandbox = new MfaSandbox();
        using (var first = sandbox.CreateService())
        {
            await first.SendSmsCodeAsync(To);
        }

        sandbox.CreateHandler().Dispose();
        using var second = sandbox.CreateService();

        Assert.That(await second.VerifyCodeAsync(To, sandbox.LastCodeTo(To)), Is.True);
    }

    [Test]
    public async Task A_handler_rotation_that_disposes_the_old_chain_keeps_the_sandbox_state()
    {
        var sandbox = new MfaSandbox();
        using var provider = Build(s => s.AddBandwidthMfa(o =>
        {
            Configure(o, sandbox);
            o.AccessToken = "t";
        }).UseSandbox(sandbox));
        var factoryOptions = provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(MfaServiceCollectionExtensions.HttpClientName);

        // What IHttpClientFactory does on each rotation: run the registered actions on a fresh builder and build a chain.
        IMfaClient NewChainClient(out HttpClient http)
        {
            var builder = provider.GetRequiredService<HttpMessageHandlerBuilder>();
            builder.Name = MfaServiceCollectionExtensions.HttpClientName;
            foreach (var action in factoryOptions.HttpMessageHandlerBuilderActions)
            {
                action(builder);
            }

            http = new HttpClient(builder.Build(), disposeHandler: true) { BaseAddress = MfaOptions.ProductionBaseUrl };
            return Bandwidth.Mfa.Composition.MfaHandlerChain.CreateClient(http, null, TimeProvider.System);
        }

        var first = NewChainClient(out var firstHttp);
        await first.GenerateMessagingCodeAsync(MfaSandbox.ExampleAccountId, new CodeRequest
        {
            To = To,
            From = MfaSandbox.ExampleFrom,
            ApplicationId = MfaSandbox.ExampleMessagingApplicationId,
            Message = "{CODE}",
            Digits = 6,
        });
        firstHttp.Dispose(); // disposes the whole old chain, primary handler included

        var second = NewChainClient(out var secondHttp);
        using (secondHttp)
        {
            var result = await second.VerifyCodeAsync(MfaSandbox.ExampleAccountId, new VerifyCodeRequest { To = To, Code = sandbox.LastCodeTo(To), ExpirationTimeInMinutes = 3 });
            Assert.That(result.Valid, Is.True);
        }
    }

    [Test]
    public async Task UseSandbox_without_an_instance_creates_one_on_the_containers_clock()
    {
        var clock = new FakeTimeProvider(Start);
        using var provider = Build(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.AddBandwidthMfa(o =>
            {
                Configure(o, new MfaSandbox());
                o.Username = "u";
                o.Password = "p";
                o.ExpirationTimeInMinutes = 1;
            }).UseSandbox();
        });
        var mfa = provider.GetRequiredService<IMfaService>();
        var sandbox = provider.GetRequiredService<MfaSandbox>();

        await mfa.SendSmsCodeAsync(To);
        clock.Advance(TimeSpan.FromSeconds(61));

        Assert.That(sandbox.TimeProvider, Is.SameAs(clock));
        Assert.That(await mfa.VerifyCodeAsync(To, sandbox.LastCodeTo(To)), Is.False, "expired on the container's fake clock");
    }
}
