using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.DependencyInjection;

public class AddBandwidthMfaTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa()
        .Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}")
        .Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Bandwidth:Mfa:BaseUrl"] = MockMfa.BaseUrl,
        ["Bandwidth:Mfa:AccountId"] = MockMfa.AccountId,
        ["Bandwidth:Mfa:Username"] = "api-user",
        ["Bandwidth:Mfa:Password"] = "api-pass",
        ["Bandwidth:Mfa:Timeout"] = "00:00:12",
        ["Bandwidth:Mfa:ExpirationTimeInMinutes"] = "3",
        ["Bandwidth:Mfa:Messaging:From"] = Requests.From,
        ["Bandwidth:Mfa:Messaging:ApplicationId"] = Requests.ApplicationId,
        ["Bandwidth:Mfa:Messaging:Message"] = Requests.Message,
        ["Bandwidth:Mfa:Messaging:Digits"] = "7",
    };

    private ServiceProvider Build(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        register(services);
        services.AddHttpClient(MfaServiceCollectionExtensions.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Test]
    public async Task The_client_resolves_and_calls_with_options_bound_from_configuration()
    {
        var configuration = Configuration(ValidSettings());
        using var provider = Build(s => s.AddBandwidthMfa(configuration.GetSection("Bandwidth:Mfa")));

        var options = provider.GetRequiredService<IOptions<MfaOptions>>().Value;
        Assert.That(options.AccountId, Is.EqualTo(MockMfa.AccountId));
        Assert.That(options.Timeout, Is.EqualTo(TimeSpan.FromSeconds(12)));
        Assert.That(options.Messaging.Digits, Is.EqualTo(7));
        Assert.That(options.ExpirationTimeInMinutes, Is.EqualTo(3));

        var service = provider.GetRequiredService<IMfaService>();
        await service.SendSmsCodeAsync(Requests.To);

        var request = _mock.Requests.Single();
        Assert.That(request.Uri, Is.EqualTo(MockMfa.BaseUrl + "accounts/9900000/code/messaging"));
        Assert.That(request.Authorization, Is.EqualTo("Basic YXBpLXVzZXI6YXBpLXBhc3M="));
        Assert.That(request.Body, Does.EndWith("\"digits\":7}"));
    }

    [Test]
    public async Task The_typed_client_gets_base_address_and_timeout_from_options()
    {
        using var provider = Build(s => s.AddBandwidthMfa(o =>
        {
            o.BaseUrl = new Uri("https://mfa.bandwidth.com/api/v1"); // no trailing slash: the client adds it
            o.AccountId = MockMfa.AccountId;
            o.AccessToken = "tkn";
            o.Timeout = TimeSpan.FromSeconds(7);
        }));

        var client = provider.GetRequiredService<IMfaClient>();
        Assert.That(client, Is.InstanceOf<MfaClient>());
        var result = await client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());

        Assert.That(result.Valid, Is.True);
        Assert.That(_mock.Requests.Single().Uri, Is.EqualTo(MockMfa.BaseUrl + "accounts/9900000/code/verify"));
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(MfaServiceCollectionExtensions.HttpClientName);
        Assert.That(http.Timeout, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public async Task The_returned_builder_lets_callers_add_their_own_handlers()
    {
        var seen = new List<string>();
        using var provider = Build(s => s.AddBandwidthMfa(o =>
            {
                o.BaseUrl = new Uri(MockMfa.BaseUrl);
                o.AccountId = MockMfa.AccountId;
                o.AccessToken = "tkn";
            })
            .AddHttpMessageHandler(() => new SpyHandler(seen)));

        await provider.GetRequiredService<IMfaService>().VerifyCodeAsync(Requests.To, "123456");

        Assert.That(seen, Is.EqualTo(new[] { "POST accounts/9900000/code/verify Bearer tkn" }));
    }

    public static IEnumerable<TestCaseData> InvalidConfigurations()
    {
        yield return Case("no auth", s => { s.Remove("Bandwidth:Mfa:Username"); s.Remove("Bandwidth:Mfa:Password"); },
            "authentication is not configured: set exactly one of 'Username' + 'Password', 'AccessToken', or 'ClientId' + 'ClientSecret'");
        yield return Case("two auth methods", s => s["Bandwidth:Mfa:AccessToken"] = "t", "authentication is ambiguous");
        yield return Case("password missing", s => s.Remove("Bandwidth:Mfa:Password"), "'Password' is required when 'Username' is set");
        yield return Case("client secret missing", s =>
        {
            s.Remove("Bandwidth:Mfa:Username");
            s.Remove("Bandwidth:Mfa:Password");
            s["Bandwidth:Mfa:ClientId"] = "c";
        }, "'ClientSecret' is required when 'ClientId' is set");
        yield return Case("relative base url", s => s["Bandwidth:Mfa:BaseUrl"] = "api/v1", "'BaseUrl' must be an absolute URL");
        yield return Case("plain http base url", s => s["Bandwidth:Mfa:BaseUrl"] = "http://mfa.bandwidth.com/api/v1/", "'BaseUrl' must use https");
        yield return Case("account id missing", s => s.Remove("Bandwidth:Mfa:AccountId"), "'AccountId' is required");
        yield return Case("digits out of range", s => s["Bandwidth:Mfa:Messaging:Digits"] = "9", "'Messaging:Digits' must be between 4 and 8");
        yield return Case("template without {CODE}", s => s["Bandwidth:Mfa:Messaging:Message"] = "Your code", "'Messaging:Message' must contain the {CODE} placeholder");
        yield return Case("expiration out of range", s => s["Bandwidth:Mfa:ExpirationTimeInMinutes"] = "16", "'ExpirationTimeInMinutes' must be between 1 and 15");
        yield return Case("sender not E.164", s => s["Bandwidth:Mfa:Messaging:From"] = "919-555-4321", "'Messaging:From' must match the pattern");
        yield return Case("application id too long", s => s["Bandwidth:Mfa:Messaging:ApplicationId"] = new string('a', 51), "'Messaging:ApplicationId' must be at most 50 characters long");
        yield return Case("user name with a colon", s => s["Bandwidth:Mfa:Username"] = "api:user", "'Username' must not contain ':'");
        yield return Case("scope too long", s => s["Bandwidth:Mfa:Scope"] = new string('s', 26), "'Scope' must be at most 25 characters long");
        yield return Case("zero timeout", s => s["Bandwidth:Mfa:Timeout"] = "00:00:00", "'Timeout' must be positive");

        static TestCaseData Case(string name, Action<Dictionary<string, string?>> change, string message) =>
            new TestCaseData(change, message).SetName("Invalid configuration fails at start-up: " + name);
    }

    [TestCaseSource(nameof(InvalidConfigurations))]
    public void Invalid_configuration_fails_at_start_up_with_a_message_naming_the_setting(Action<Dictionary<string, string?>> change, string message)
    {
        var settings = ValidSettings();
        change(settings);
        var configuration = Configuration(settings);
        using var provider = Build(s => s.AddBandwidthMfa(configuration.GetSection("Bandwidth:Mfa")));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(ex!.Message, Does.Contain(message));
        Assert.That(ex.Message, Does.Not.Contain("api-pass"));
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    [Test]
    public void Options_ToString_hides_every_secret()
    {
        var options = new MfaOptions { Username = "u", Password = "pw-1", AccessToken = "at-2", ClientId = "c", ClientSecret = "cs-3" };
        options.Messaging.From = Requests.From;

        var text = options.ToString();

        Assert.That(text, Does.Not.Contain("pw-1").And.Not.Contain("at-2").And.Not.Contain("cs-3").And.Not.Contain(Requests.From));
        Assert.That(text, Does.Contain("Password = ***").And.Contain("+1********21"));
    }

    private sealed class SpyHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add($"{request.Method} {request.RequestUri!.AbsolutePath.Substring("/api/v1/".Length)} {request.Headers.Authorization}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
