using System;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Performance;

/// <summary>
/// The state a client's pipelines share (serializer, clock, logger, resolved request URIs) is built once per client:
/// these tests pin that sharing it changes nothing a caller sees. Each named client keeps its own base address and
/// account across resolves and scopes, another account or a bad one is resolved (and checked) afresh, and bodies written
/// through pooled buffers are exact and never mixed between concurrent calls.
/// </summary>
[NonParallelizable]
public class SharedPipelineStateTests
{
    private const string OtherBase = "https://mfa-other.bandwidth.com/api/v2/";

    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa()
        .Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}")
        .Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddBandwidthMfa("brand-a", o =>
        {
            o.BaseUrl = new Uri(MockMfa.BaseUrl);
            o.AccountId = "1111111";
            o.Username = "user-a";
            o.Password = "pass-a";
            o.ExpirationTimeInMinutes = 4;
            o.RequireChannelDefaults = false;
        }).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        services.AddBandwidthMfa("brand-b", o =>
        {
            o.BaseUrl = new Uri(OtherBase);
            o.AccountId = "2222222";
            o.Username = "user-b";
            o.Password = "pass-b";
            o.ExpirationTimeInMinutes = 7;
            o.RequireChannelDefaults = false;
        }).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public async Task Each_named_client_keeps_its_own_base_address_account_and_defaults_across_scopes()
    {
        using var provider = Build();
        for (var round = 0; round < 3; round++)
        {
            foreach (var name in new[] { "brand-a", "brand-b" })
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredKeyedService<IMfaService>(name).VerifyCodeAsync(Requests.To, "123456");
            }
        }

        var requests = _mock.Requests.ToList();
        Assert.That(requests, Has.Count.EqualTo(6));
        for (var i = 0; i < requests.Count; i += 2)
        {
            Assert.That(requests[i].Uri, Is.EqualTo(MockMfa.BaseUrl + "accounts/1111111/code/verify"));
            Assert.That(requests[i].Body, Is.EqualTo("{\"to\":\"" + Requests.To + "\",\"expirationTimeInMinutes\":4.0,\"code\":\"123456\"}"));
            Assert.That(requests[i].Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user-a:pass-a"))));
            Assert.That(requests[i + 1].Uri, Is.EqualTo(OtherBase + "accounts/2222222/code/verify"));
            Assert.That(requests[i + 1].Body, Is.EqualTo("{\"to\":\"" + Requests.To + "\",\"expirationTimeInMinutes\":7.0,\"code\":\"123456\"}"));
            Assert.That(requests[i + 1].Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("user-b:pass-b"))));
        }
    }

    [Test]
    public async Task Another_account_or_operation_gets_its_own_uri_and_a_bad_account_is_still_refused_after_a_good_one()
    {
        using var provider = Build();
        var client = provider.GetRequiredKeyedService<IMfaClient>("brand-a");

        await client.VerifyCodeAsync("1111111", Requests.Verify());
        await client.VerifyCodeAsync("3333333", Requests.Verify());
        await client.GenerateMessagingCodeAsync("1111111", Requests.Code());
        await client.VerifyCodeAsync("1111111", Requests.Verify());
        await client.VerifyCodeAsync("a/b", Requests.Verify());
        var blank = await Assert.ThrowsAsync<MfaRequestValidationException>(() => client.VerifyCodeAsync(" ", Requests.Verify()));
        var dots = await Assert.ThrowsAsync<MfaRequestValidationException>(() => client.VerifyCodeAsync("..", Requests.Verify()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.VerifyCodeAsync(null!, Requests.Verify()));

        Assert.That(_mock.Requests.Select(r => r.Uri), Is.EqualTo(new[]
        {
            MockMfa.BaseUrl + "accounts/1111111/code/verify",
            MockMfa.BaseUrl + "accounts/3333333/code/verify",
            MockMfa.BaseUrl + "accounts/1111111/code/messaging",
            MockMfa.BaseUrl + "accounts/1111111/code/verify",
            MockMfa.BaseUrl + "accounts/a%2Fb/code/verify",
        }));
        Assert.That(blank!.Message, Does.Contain("accountId"));
        Assert.That(dots!.Message, Does.Contain("accountId"));
    }

    [Test]
    public async Task Bodies_written_through_pooled_buffers_are_exact_and_never_mixed_between_concurrent_calls()
    {
        using var provider = Build();
        var client = provider.GetRequiredKeyedService<IMfaClient>("brand-a");

        // Messages of growing length (past the writer's first buffer) with characters outside ASCII, sent concurrently.
        var messages = Enumerable.Range(0, 64)
            .Select(i => "Dein Code {CODE} für " + i + " 🔐 " + new string((char)('a' + (i % 26)), i * 40))
            .Select(m => m.Substring(0, Math.Min(m.Length, 2048)))
            .ToArray();
        await Task.WhenAll(messages.Select(message => Task.Run(() => client.GenerateMessagingCodeAsync("1111111", Requests.Code().With(r => r.Message = message)))));

        var bodies = _mock.Requests.Select(r => r.Body!).ToList();
        Assert.That(bodies, Has.Count.EqualTo(messages.Length));
        var expected = messages.Select(message => Newtonsoft.Json.JsonConvert.SerializeObject(Requests.Code().With(r => r.Message = message))).ToList();
        Assert.That(bodies, Is.EquivalentTo(expected));
    }
}
