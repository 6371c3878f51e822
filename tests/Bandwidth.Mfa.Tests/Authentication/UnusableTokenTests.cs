using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.Authentication;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Authentication;

/// <summary>
/// An OAuth2 access_token that cannot be a header value is an MfaAuthenticationException (never FormatException),
/// is never cached, is logged once per call, and never appears in a message; a fixed AccessToken is refused at start-up.
/// </summary>
public class UnusableTokenTests
{
    private MockMfa _mock = null!;
    private FakeTimeProvider _time = null!;
    private ConcurrentQueue<string> _tokens = null!;
    private int _tokenRequests;

    public static IEnumerable<TestCaseData> UnusableTokens()
    {
        yield return new TestCaseData("tok\r\nX-Injected: yes", "control characters").SetName("A token holding CR LF is refused");
        yield return new TestCaseData("tok\nX-Injected: yes", "control characters").SetName("A token holding LF is refused");
        yield return new TestCaseData("tok\u0000nul", "control characters").SetName("A token holding NUL is refused");
        yield return new TestCaseData("tok\tTAB", "control characters").SetName("A token holding a tab is refused");
        yield return new TestCaseData("tok with spaces", "visible ASCII").SetName("A token holding spaces is refused");
        yield return new TestCaseData("tok-\u00e9t\u00e9", "visible ASCII").SetName("A token holding non-ASCII letters is refused");
        yield return new TestCaseData("tok,second", "visible ASCII").SetName("A token holding a comma is refused");
        yield return new TestCaseData("tok\"quoted", "visible ASCII").SetName("A token holding a quote is refused");
    }

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        _tokens = new ConcurrentQueue<string>();
        _tokenRequests = 0;
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(() =>
        {
            System.Threading.Interlocked.Increment(ref _tokenRequests);
            var token = _tokens.TryDequeue(out var next) ? next : "tok-good";
            var json = "{\"access_token\":" + Newtonsoft.Json.JsonConvert.ToString(token) + ",\"token_type\":\"Bearer\",\"expires_in\":3600}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        });
        _mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
    }

    [TearDown]
    public void TearDown() => _mock.Dispose();

    [TestCaseSource(nameof(UnusableTokens))]
    public async Task An_unusable_token_is_an_authentication_exception_that_is_logged_and_never_cached(string token, string rule)
    {
        _tokens.Enqueue(token);
        _tokens.Enqueue(token);
        var logs = new CapturingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var service = MfaService.Create(new MfaOptions
        {
            BaseUrl = new Uri(MockMfa.BaseUrl),
            AccountId = MockMfa.AccountId,
            ClientId = "client-1",
            ClientSecret = "client-secret-1",
            TokenUrl = new Uri(TokenEndpoint.Url),
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        }, _mock.Handler, loggerFactory, _time);

        var first = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, "123456"));
        var second = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, "123456"));
        var third = await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(_tokenRequests, Is.EqualTo(3), "the unusable token was not cached: each call fetched again");
        Assert.That(third, Is.True, "the next usable token works at once");
        Assert.That(_mock.Requests.Select(r => r.Authorization), Is.EqualTo(new[] { "Bearer tok-good" }), "nothing was sent with the unusable token");
        foreach (var ex in new[] { first!, second! })
        {
            Assert.That(ex.Message, Does.Contain("access_token").And.Contain(rule).And.Contain("not used or cached"));
            Assert.That(ex.Operation, Is.EqualTo("verifyCode"));
            Assert.That(ex.RequestMayHaveReachedServer, Is.False);
            AssertNoTokenIn(ex.Message, token);
            AssertNoTokenIn(ex.ToString(), token);
        }

        var failed = logs.For(LogEventIds.Category).Where(l => l.EventId.Id == LogEventIds.CallFailed.Id).ToList();
        Assert.That(failed, Has.Count.EqualTo(2), "one CallFailed line per failed call");
        Assert.That(failed.Select(l => l.Message), Has.All.Contains("MfaAuthenticationException"));
        foreach (var line in logs.Lines)
        {
            AssertNoTokenIn(line.ToString(), token);
        }
    }

    [Test]
    public async Task Through_dependency_injection_an_unusable_token_is_logged_and_refetched_too()
    {
        _tokens.Enqueue("tok\r\nX-Injected: yes");
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddSingleton<TimeProvider>(_time);
        services.AddBandwidthMfa(o =>
        {
            o.BaseUrl = new Uri(MockMfa.BaseUrl);
            o.AccountId = MockMfa.AccountId;
            o.Messaging.From = Requests.From;
            o.Messaging.ApplicationId = Requests.ApplicationId;
            o.ClientId = "client-1";
            o.ClientSecret = "client-secret-1";
            o.TokenUrl = new Uri(TokenEndpoint.Url);
        }).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        services.AddHttpClient(MfaServiceCollectionExtensions.TokenHttpClientName).ConfigurePrimaryHttpMessageHandler(() => new NonDisposingHandler(_mock.Handler));
        await using var provider = services.BuildServiceProvider();
        var mfa = provider.GetRequiredService<IMfaService>();

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => mfa.VerifyCodeAsync(Requests.To, "123456"));
        Assert.That(await mfa.VerifyCodeAsync(Requests.To, "123456"), Is.True);

        Assert.That(ex!.Message, Does.Contain("control characters"));
        Assert.That(_tokenRequests, Is.EqualTo(2));
        Assert.That(logs.For(LogEventIds.Category).Count(l => l.EventId.Id == LogEventIds.CallFailed.Id), Is.EqualTo(1));
    }

    [TestCaseSource(nameof(UnusableTokens))]
    public void A_fixed_access_token_that_cannot_be_a_header_value_is_refused_before_anything_is_sent(string token, string rule)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = token, Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };

        var create = Assert.Throws<OptionsValidationException>(() => MfaService.Create(options, _mock.Handler));
        var handler = Assert.Throws<ArgumentException>(() => new BearerTokenHandler(token));

        Assert.That(create!.Message, Does.Contain("'AccessToken' ").And.Contain(rule));
        Assert.That(handler!.ParamName, Is.EqualTo("accessToken"));
        Assert.That(handler.Message, Does.Contain(rule));
        AssertNoTokenIn(create.Message, token);
        AssertNoTokenIn(handler.Message, token);
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    private static void AssertNoTokenIn(string text, string token)
    {
        Assert.That(text, Does.Not.Contain(token));
        Assert.That(text, Does.Not.Contain("X-Injected"));
    }
}
