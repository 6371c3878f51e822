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
            o.Messaging.From = Requests.From;
            o.Messaging.ApplicationId = Requests.ApplicationId;
            o.AccessToken = "tkn";
            o.Timeout = TimeSpan.FromSeconds(7);
        }));

        var client = provider.GetRequiredService<IMfaClient>();
        Assert.That(client, Is.Not.Null);
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
                o.Messaging.From = Requests.From;
                o.Messaging.ApplicationId = Requests.ApplicationId;
                o.AccessToken = "tkn";
            })
            .AddHttpMessageHandler(() => new SpyHandler(seen)));

        await provider.GetRequiredService<IMfaService>().VerifyCodeAsync(Requests.To, "123456");

        Assert.That(seen, Is.EqualTo(new[] { "POST accounts/9900000/code/verify Bearer tkn" }));
    }

    public static IEnumerable<TestCaseData> InvalidConfigurations()
    {
        yield return Case("no auth", s => { s.Remove("Bandwidth:Mfa:Username"); s.Remove("Bandwidth:Mfa:Password"); },
            "authentication is not configured: set exactly one of 'Bandwidth:Mfa:Username' + 'Bandwidth:Mfa:Password', 'Bandwidth:Mfa:AccessToken', or 'Bandwidth:Mfa:ClientId' + 'Bandwidth:Mfa:ClientSecret'");
        yield return Case("two auth methods", s => s["Bandwidth:Mfa:AccessToken"] = "t", "authentication is ambiguous");
        yield return Case("password missing", s => s.Remove("Bandwidth:Mfa:Password"), "'Bandwidth:Mfa:Password' is required when 'Bandwidth:Mfa:Username' is set");
        yield return Case("client secret missing", s =>
        {
            s.Remove("Bandwidth:Mfa:Username");
            s.Remove("Bandwidth:Mfa:Password");
            s["Bandwidth:Mfa:ClientId"] = "c";
        }, "'Bandwidth:Mfa:ClientSecret' is required when 'Bandwidth:Mfa:ClientId' is set");
        yield return Case("relative base url", s => s["Bandwidth:Mfa:BaseUrl"] = "api/v1", "'Bandwidth:Mfa:BaseUrl' must be an absolute URL");
        yield return Case("plain http base url", s => s["Bandwidth:Mfa:BaseUrl"] = "http://mfa.bandwidth.com/api/v1/", "'Bandwidth:Mfa:BaseUrl' must use https");
        yield return Case("account id missing", s => s.Remove("Bandwidth:Mfa:AccountId"), "'Bandwidth:Mfa:AccountId' is required");
        yield return Case("digits out of range", s => s["Bandwidth:Mfa:Messaging:Digits"] = "9", "'Bandwidth:Mfa:Messaging:Digits' must be between 4 and 8");
        yield return Case("template without {CODE}", s => s["Bandwidth:Mfa:Messaging:Message"] = "Your code", "'Bandwidth:Mfa:Messaging:Message' must contain the {CODE} placeholder");
        yield return Case("expiration out of range", s => s["Bandwidth:Mfa:ExpirationTimeInMinutes"] = "16", "'Bandwidth:Mfa:ExpirationTimeInMinutes' must be between 1 and 15");
        yield return Case("sender not E.164", s => s["Bandwidth:Mfa:Messaging:From"] = "919-555-4321", "'Bandwidth:Mfa:Messaging:From' must match the pattern");
        yield return Case("application id too long", s => s["Bandwidth:Mfa:Messaging:ApplicationId"] = new string('a', 51), "'Bandwidth:Mfa:Messaging:ApplicationId' must be at most 50 characters long");
        yield return Case("user name with a colon", s => s["Bandwidth:Mfa:Username"] = "api:user", "'Bandwidth:Mfa:Username' must not contain ':'");
        yield return Case("scope too long", s => s["Bandwidth:Mfa:Scope"] = new string('s', 26), "'Bandwidth:Mfa:Scope' must be at most 25 characters long");
        yield return Case("zero timeout", s => s["Bandwidth:Mfa:Timeout"] = "00:00:00", "'Bandwidth:Mfa:Timeout' must be positive");
        // Each of these passed start-up before and failed at the first resolve or the first call.
        yield return Case("timeout \"30\" (30 days)", s => s["Bandwidth:Mfa:Timeout"] = "30", "'Bandwidth:Mfa:Timeout' must be positive and at most 00:05:00 (it is 30.00:00:00). It is a TimeSpan written \"hh:mm:ss\", such as \"00:00:30\"; a bare number such as \"30\" means days.");
        yield return Case("timeout above HttpClient's limit", s => s["Bandwidth:Mfa:Timeout"] = "25.00:00:00", "'Bandwidth:Mfa:Timeout' must be positive and at most 00:05:00 (it is 25.00:00:00)");
        yield return Case("timeout just above five minutes", s => s["Bandwidth:Mfa:Timeout"] = "00:05:01", "'Bandwidth:Mfa:Timeout' must be positive and at most 00:05:00");
        yield return Case("infinite timeout", s => s["Bandwidth:Mfa:Timeout"] = "-00:00:00.001", "'Bandwidth:Mfa:Timeout' must be positive and at most 00:05:00 (it is -00:00:00.0010000)");
        yield return Case("negative timeout", s => s["Bandwidth:Mfa:Timeout"] = "-00:00:05", "'Bandwidth:Mfa:Timeout' must be positive");
        yield return Case("access token with CR LF", s => UseToken(s, "tok\r\nX-Injected: 1"), "'Bandwidth:Mfa:AccessToken' must not contain control characters such as CR or LF");
        yield return Case("access token with a space", s => UseToken(s, "tok en"), "'Bandwidth:Mfa:AccessToken' must hold visible ASCII characters only");
        yield return Case("access token with a trailing space", s => UseToken(s, "token "), "'Bandwidth:Mfa:AccessToken' must hold visible ASCII characters only");
        yield return Case("password with LF", s => s["Bandwidth:Mfa:Password"] = "api-pass\n", "'Bandwidth:Mfa:Password' must not contain control characters such as CR or LF (RFC 7617, section 2)");
        yield return Case("user name with a tab", s => s["Bandwidth:Mfa:Username"] = "api\tuser", "'Bandwidth:Mfa:Username' must not contain control characters");
        yield return Case("client secret with CR", s => UseClientCredentials(s, "client-1", "secret\r"), "'Bandwidth:Mfa:ClientSecret' must not contain control characters");
        yield return Case("client id with a colon", s => UseClientCredentials(s, "client:1", "secret"), "'Bandwidth:Mfa:ClientId' must not contain ':'");
        yield return Case("client id with NUL", s => UseClientCredentials(s, "client\u00001", "secret"), "'Bandwidth:Mfa:ClientId' must not contain control characters");
        yield return Case("retry attempts above 5", s => s["Bandwidth:Mfa:Retry:MaxRetryAttempts"] = "6", "'Bandwidth:Mfa:Retry:MaxRetryAttempts' must be between 0 and 5");
        yield return Case("retry attempts negative", s => s["Bandwidth:Mfa:Retry:MaxRetryAttempts"] = "-1", "'Bandwidth:Mfa:Retry:MaxRetryAttempts' must be between 0 and 5");
        yield return Case("retry base delay negative", s => s["Bandwidth:Mfa:Retry:BaseDelay"] = "-00:00:01", "'Bandwidth:Mfa:Retry:BaseDelay' must not be negative and must be shorter than 'Bandwidth:Mfa:Timeout'");
        yield return Case("retry base delay not shorter than the timeout", s => s["Bandwidth:Mfa:Retry:BaseDelay"] = "00:00:12", "'Bandwidth:Mfa:Retry:BaseDelay' must not be negative and must be shorter than 'Bandwidth:Mfa:Timeout' (it is 00:00:12)");
        yield return Case("retry base delay of two days (Polly refuses more than one)", s => s["Bandwidth:Mfa:Retry:BaseDelay"] = "2.00:00:00", "'Bandwidth:Mfa:Retry:BaseDelay' must not be negative and must be shorter than 'Bandwidth:Mfa:Timeout'");
        yield return Case("retry max retry-after negative", s => s["Bandwidth:Mfa:Retry:MaxRetryAfter"] = "-00:00:01", "'Bandwidth:Mfa:Retry:MaxRetryAfter' must not be negative");
        yield return Case("base url with credentials", s => s["Bandwidth:Mfa:BaseUrl"] = "https://user:hunter22@mfa.bandwidth.com/api/v1/", "'Bandwidth:Mfa:BaseUrl' must not hold a user name or password");
        yield return Case("base url with a query", s => s["Bandwidth:Mfa:BaseUrl"] = "https://mfa.bandwidth.com/api/v1?tenant=1", "'Bandwidth:Mfa:BaseUrl' must not have a query or fragment");
        yield return Case("base url with a fragment", s => s["Bandwidth:Mfa:BaseUrl"] = "https://mfa.bandwidth.com/api/v1/#x", "'Bandwidth:Mfa:BaseUrl' must not have a query or fragment");
        yield return Case("token url with a fragment", s => UseClientCredentials(s, "client-1", "secret", "https://api.bandwidth.com/token#x"), "'Bandwidth:Mfa:TokenUrl' must not have a fragment");
        yield return Case("token url with credentials", s => UseClientCredentials(s, "client-1", "secret", "https://id:hunter22@api.bandwidth.com/token"), "'Bandwidth:Mfa:TokenUrl' must not hold a user name or password");
        yield return Case("template of 2049 code points", s => s["Bandwidth:Mfa:Messaging:Message"] = "{CODE}" + new string('x', 2042) + "\U0001F600", "'Bandwidth:Mfa:Messaging:Message' must be at most 2048 characters long (it has 2049)");
        yield return Case("scope of 26 emoji", s => s["Bandwidth:Mfa:Scope"] = string.Concat(Enumerable.Repeat("\U0001F600", 26)), "'Bandwidth:Mfa:Scope' must be at most 25 characters long (it has 26)");

        static TestCaseData Case(string name, Action<Dictionary<string, string?>> change, string message) =>
            new TestCaseData(change, message).SetName("Invalid configuration fails at start-up: " + name);
    }

    private static void UseToken(Dictionary<string, string?> settings, string token)
    {
        settings.Remove("Bandwidth:Mfa:Username");
        settings.Remove("Bandwidth:Mfa:Password");
        settings["Bandwidth:Mfa:AccessToken"] = token;
    }

    private static void UseClientCredentials(Dictionary<string, string?> settings, string clientId, string clientSecret, string? tokenUrl = null)
    {
        settings.Remove("Bandwidth:Mfa:Username");
        settings.Remove("Bandwidth:Mfa:Password");
        settings["Bandwidth:Mfa:ClientId"] = clientId;
        settings["Bandwidth:Mfa:ClientSecret"] = clientSecret;
        if (tokenUrl != null)
        {
            settings["Bandwidth:Mfa:TokenUrl"] = tokenUrl;
        }
    }

    public static IEnumerable<TestCaseData> ValuesAtTheBounds()
    {
        yield return Case("a timeout of exactly five minutes", s => s["Bandwidth:Mfa:Timeout"] = "00:05:00");
        yield return Case("a timeout of one second", s => s["Bandwidth:Mfa:Timeout"] = "00:00:01");
        yield return Case("a template of 2048 code points with an emoji", s => s["Bandwidth:Mfa:Messaging:Message"] = "{CODE}" + new string('x', 2041) + "\U0001F600");
        yield return Case("a scope of 25 emoji", s => s["Bandwidth:Mfa:Scope"] = string.Concat(Enumerable.Repeat("\U0001F600", 25)));
        yield return Case("a password with non-ASCII letters and a colon", s => s["Bandwidth:Mfa:Password"] = "p\u00e4ss:w\u00f6rd");
        yield return Case("retries of five attempts and a base delay just under the timeout", s =>
        {
            s["Bandwidth:Mfa:Retry:MaxRetryAttempts"] = "5";
            s["Bandwidth:Mfa:Retry:BaseDelay"] = "00:00:11.999";
        });
        yield return Case("an RFC 6750 token with every b64token character", s => UseToken(s, "AZaz09-._~+/=="));

        static TestCaseData Case(string name, Action<Dictionary<string, string?>> change) =>
            new TestCaseData(change).SetName("A value at the bound passes start-up and works: " + name);
    }

    [TestCaseSource(nameof(ValuesAtTheBounds))]
    public async Task A_value_at_the_bound_passes_start_up_and_the_client_resolves_and_calls(Action<Dictionary<string, string?>> change)
    {
        var settings = ValidSettings();
        change(settings);
        var configuration = Configuration(settings);
        using var provider = Build(s => s.AddBandwidthMfa(configuration.GetSection("Bandwidth:Mfa")));

        provider.GetRequiredService<IStartupValidator>().Validate();
        var valid = await provider.GetRequiredService<IMfaService>().VerifyCodeAsync(Requests.To, "123456");

        Assert.That(valid, Is.True);
        Assert.That(_mock.RequestCount, Is.EqualTo(1));
    }

    [TestCase("30", "'Timeout' must be positive and at most 00:05:00 (it is 30.00:00:00)")]
    [TestCase("-00:00:00.001", "'Timeout' must be positive and at most 00:05:00")]
    public void MfaService_Create_refuses_the_same_timeouts(string timeout, string message)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "tkn", Timeout = TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture), Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };

        var ex = Assert.Throws<OptionsValidationException>(() => MfaService.Create(options, _mock.Handler));

        Assert.That(ex!.Message, Does.Contain(message));
    }

    [Test]
    public void MfaService_Create_refuses_unusable_credentials_and_retry_values_naming_each_setting()
    {
        var options = new MfaOptions
        {
            BaseUrl = new Uri("https://user:hunter22@mfa.bandwidth.com/api/v1/"),
            AccountId = MockMfa.AccountId,
            Username = "api-user",
            Password = "pa\r\nss",
            Retry = new MfaRetryOptions { MaxRetryAttempts = 9, BaseDelay = TimeSpan.FromMinutes(1) },
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        };

        var ex = Assert.Throws<OptionsValidationException>(() => MfaService.Create(options, _mock.Handler));

        Assert.That(ex!.Failures, Has.Some.Contains("'BaseUrl' must not hold a user name or password"));
        Assert.That(ex.Failures, Has.Some.Contains("'Password' must not contain control characters"));
        Assert.That(ex.Failures, Has.Some.Contains("'Retry:MaxRetryAttempts' must be between 0 and 5"));
        Assert.That(ex.Failures, Has.Some.Contains("'Retry:BaseDelay' must not be negative and must be shorter than 'Timeout'"));
        Assert.That(ex.Message, Does.Not.Contain("hunter22").And.Not.Contain("pa\r\nss"));
        Assert.That(_mock.RequestCount, Is.Zero);
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
        Assert.That(ex.Message, Does.Not.Contain("api-pass").And.Not.Contain("hunter22").And.Not.Contain("X-Injected"));
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
