using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Authentication;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Authentication;

public class ClientCredentialsTests
{
    private const string Secret = "very-secret-value";

    private MockMfa _mock = null!;
    private FakeTimeProvider _time = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa();
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
    }

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private MfaService CreateService() => MfaService.Create(new MfaOptions
    {
        BaseUrl = new Uri(MockMfa.BaseUrl),
        AccountId = MockMfa.AccountId,
        ClientId = "client-1",
        ClientSecret = Secret,
        TokenUrl = new Uri(TokenEndpoint.Url),
        Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
    }, _mock.Handler, timeProvider: _time);

    private void ApiAnswersValid() => _mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");

    [Test]
    public async Task A_cached_token_is_reused_across_calls()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        ApiAnswersValid();
        using var service = CreateService();

        for (var i = 0; i < 5; i++)
        {
            await service.VerifyCodeAsync(Requests.To, "123456");
        }

        Assert.That(tokens.RequestCount, Is.EqualTo(1));
        Assert.That(_mock.Requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer tok-1"));
    }

    [Test]
    public async Task The_token_is_refreshed_shortly_before_expires_in_runs_out()
    {
        var tokens = new TokenEndpoint(_mock.Handler, expiresIn: 3600);
        ApiAnswersValid();
        using var service = CreateService();

        await service.VerifyCodeAsync(Requests.To, "123456");
        _time.Advance(TimeSpan.FromSeconds(3539));
        await service.VerifyCodeAsync(Requests.To, "123456");
        Assert.That(tokens.RequestCount, Is.EqualTo(1), "still fresh 61 s before expiry");

        _time.Advance(TimeSpan.FromSeconds(2));
        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(tokens.RequestCount, Is.EqualTo(2), "refreshed within the last minute of its life");
        Assert.That(_mock.Requests.Last().Authorization, Is.EqualTo("Bearer tok-2"));
    }

    [Test]
    public async Task A_token_without_expires_in_is_not_cached()
    {
        var tokens = new TokenEndpoint(_mock.Handler, expiresIn: null);
        ApiAnswersValid();
        using var service = CreateService();

        await service.VerifyCodeAsync(Requests.To, "123456");
        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(tokens.RequestCount, Is.EqualTo(2));
        Assert.That(_mock.Requests.Select(r => r.Authorization), Is.EqualTo(new[] { "Bearer tok-1", "Bearer tok-2" }));
    }

    [Test]
    public async Task A_hundred_concurrent_first_calls_make_exactly_one_token_request()
    {
        var tokens = new TokenEndpoint(_mock.Handler, delay: TimeSpan.FromMilliseconds(200));
        ApiAnswersValid();
        using var service = CreateService();

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => service.VerifyCodeAsync(Requests.To, "123456"))));

        Assert.That(results, Is.All.True);
        Assert.That(tokens.RequestCount, Is.EqualTo(1));
        Assert.That(_mock.RequestCount, Is.EqualTo(100));
    }

    [Test]
    public async Task Concurrent_calls_after_expiry_make_exactly_one_more_token_request()
    {
        var tokens = new TokenEndpoint(_mock.Handler, expiresIn: 600, delay: TimeSpan.FromMilliseconds(100));
        ApiAnswersValid();
        using var service = CreateService();
        await service.VerifyCodeAsync(Requests.To, "123456");

        _time.Advance(TimeSpan.FromMinutes(10));
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => service.VerifyCodeAsync(Requests.To, "123456"))));

        Assert.That(tokens.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task Calls_that_wait_for_a_token_without_expires_in_share_it_instead_of_queueing_more_requests()
    {
        var tokens = new TokenEndpoint(_mock.Handler, expiresIn: null, delay: TimeSpan.FromMilliseconds(300));
        ApiAnswersValid();
        using var service = CreateService();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => service.VerifyCodeAsync(Requests.To, "123456"))));
        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(tokens.RequestCount, Is.LessThanOrEqualTo(3), "the waiters shared a fetch");
        Assert.That(_mock.Requests.Last().Authorization, Is.EqualTo("Bearer tok-" + tokens.RequestCount), "a later call fetched its own");
    }

    [Test]
    public async Task An_absurd_expires_in_is_capped_at_a_day_instead_of_overflowing()
    {
        var fetches = 0;
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent("{\"access_token\":\"t-" + Interlocked.Increment(ref fetches) + "\",\"token_type\":\"Bearer\",\"expires_in\":1e300}"),
        });
        ApiAnswersValid();
        using var service = CreateService();

        await service.VerifyCodeAsync(Requests.To, "123456");
        _time.Advance(TimeSpan.FromHours(23));
        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(_mock.Requests.Select(r => r.Authorization), Is.All.EqualTo("Bearer t-1"));
        Assert.That(fetches, Is.EqualTo(1));
        _time.Advance(TimeSpan.FromHours(1));
        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(fetches, Is.EqualTo(2), "kept for a day at most");
        Assert.That(_mock.Requests.Last().Authorization, Is.EqualTo("Bearer t-2"));
    }

    [Test]
    public async Task A_401_on_a_cached_token_refreshes_once_and_retries_once()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        _mock.AnswerAll(request => request.Headers.Authorization!.Parameter == "tok-1" && _mock.RequestCount > 1
            ? Unauthorized()
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"valid\":true}") });
        using var service = CreateService();
        await service.VerifyCodeAsync(Requests.To, "123456");

        var valid = await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(valid, Is.True);
        Assert.That(tokens.RequestCount, Is.EqualTo(2));
        Assert.That(_mock.Requests.Select(r => r.Authorization), Is.EqualTo(new[] { "Bearer tok-1", "Bearer tok-1", "Bearer tok-2" }));
        Assert.That(_mock.Requests.Last().Body, Is.EqualTo(_mock.Requests.First().Body), "the retry carries the same body");
    }

    [Test]
    public async Task A_second_401_surfaces_as_an_error_without_a_loop()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        var calls = 0;
        _mock.AnswerAll(_ => ++calls == 1
            ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"valid\":true}") }
            : Unauthorized());
        using var service = CreateService();
        await service.VerifyCodeAsync(Requests.To, "123456");

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaUnauthorizedRequestError>>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.Status, Is.EqualTo(401));
        Assert.That(_mock.RequestCount, Is.EqualTo(3), "first call, then one 401 and one retry");
        Assert.That(tokens.RequestCount, Is.EqualTo(2));
    }

    [Test]
    public async Task A_401_on_a_token_fetched_for_this_call_is_not_retried()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        _mock.AnswerAll(_ => Unauthorized());
        using var service = CreateService();

        await Assert.ThrowsAsync<MfaApiException<MfaUnauthorizedRequestError>>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(_mock.RequestCount, Is.EqualTo(1));
        Assert.That(tokens.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task A_token_endpoint_refusal_is_an_authentication_exception_without_the_secret()
    {
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(HttpStatusCode.Unauthorized, "application/json",
            "{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed\"}");
        ApiAnswersValid();
        using var service = CreateService();

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.Status, Is.EqualTo(401));
        Assert.That(ex.Message, Does.Contain("invalid_client").And.Contain("HTTP 401"));
        Assert.That(ex.ToString(), Does.Not.Contain(Secret).And.Not.Contain(Convert.ToBase64String(Encoding.UTF8.GetBytes("client-1:" + Secret))));
        Assert.That(ex, Is.InstanceOf<MfaException>());
        Assert.That(_mock.RequestCount, Is.Zero, "the MFA API was not called");
    }

    [TestCase("<html>gateway</html>", "text/html")]
    [TestCase("{\"token_type\":\"Bearer\"}", "application/json")]
    [TestCase("", "application/json")]
    public async Task A_token_response_without_a_token_is_an_authentication_exception(string body, string mediaType)
    {
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Respond(HttpStatusCode.OK, mediaType, body);
        using var service = CreateService();

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.Message, Does.Contain("without an access_token"));
    }

    [Test]
    public async Task An_unreachable_token_endpoint_is_an_authentication_exception()
    {
        _mock.Handler.When(HttpMethod.Post, TokenEndpoint.Url).Throw(new HttpRequestException("Connection refused"));
        using var service = CreateService();

        var ex = await Assert.ThrowsAsync<MfaAuthenticationException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.InnerException, Is.InstanceOf<HttpRequestException>());
        Assert.That(ex.Message, Does.Not.Contain(Secret));
    }

    [Test]
    public async Task The_provider_hides_the_token_in_ToString()
    {
        var tokens = new TokenEndpoint(_mock.Handler);
        using var http = new HttpClient(_mock.Handler, false);
        using var provider = new ClientCredentialsTokenProvider(http, new Uri(TokenEndpoint.Url), "client-1", Secret, _time);

        var token = await provider.GetTokenAsync("verifyCode", default);

        Assert.That(token.Value, Is.EqualTo("tok-1"));
        Assert.That(token.ToString(), Does.Not.Contain("tok-1"));
        Assert.That(tokens.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task The_synchronous_fast_path_hands_out_only_a_fresh_cached_token()
    {
        var tokens = new TokenEndpoint(_mock.Handler, expiresIn: 3600);
        using var http = new HttpClient(_mock.Handler, false);
        using var provider = new ClientCredentialsTokenProvider(http, new Uri(TokenEndpoint.Url), "client-1", Secret, _time);

        Assert.That(provider.TryGetFreshToken(out _), Is.False, "nothing cached yet");
        await provider.GetTokenAsync("verifyCode", default);
        Assert.That(provider.TryGetFreshToken(out var cached), Is.True);
        Assert.That((cached.Value, cached.FromCache), Is.EqualTo(("tok-1", true)));

        _time.Advance(TimeSpan.FromSeconds(3541));
        Assert.That(provider.TryGetFreshToken(out _), Is.False, "inside the refresh margin the handler must go through GetTokenAsync");
        Assert.That(tokens.RequestCount, Is.EqualTo(1), "the fast path never fetches");
    }

    private static HttpResponseMessage Unauthorized() =>
        new(HttpStatusCode.Unauthorized) { Content = new StringContent("{\"message\":\"Unauthorized\"}", Encoding.UTF8, "application/json") };
}
