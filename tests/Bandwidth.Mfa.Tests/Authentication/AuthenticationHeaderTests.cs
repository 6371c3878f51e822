using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Authentication;

public class AuthenticationHeaderTests
{
    private static MfaOptions Options(Action<MfaOptions> auth)
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, TokenUrl = new Uri(TokenEndpoint.Url), Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        auth(options);
        return options;
    }

    [Test]
    public async Task Basic_sends_base64_of_utf8_username_colon_password()
    {
        using var mock = new MockMfa().Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        using var service = MfaService.Create(Options(o => { o.Username = "api-user"; o.Password = "pä:ss"; }), mock.Handler);

        await service.VerifyCodeAsync(Requests.To, "123456");

        // base64("api-user:pä:ss") with ä as UTF-8 (C3 A4)
        Assert.That(mock.Requests.Single().Authorization, Is.EqualTo("Basic YXBpLXVzZXI6cMOkOnNz"));
    }

    [Test]
    public async Task Fixed_access_token_is_sent_as_bearer()
    {
        using var mock = new MockMfa().Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        using var service = MfaService.Create(Options(o => o.AccessToken = "static-token-123"), mock.Handler);

        await service.VerifyCodeAsync(Requests.To, "123456");

        Assert.That(mock.Requests.Single().Authorization, Is.EqualTo("Bearer static-token-123"));
    }

    [Test]
    public async Task Client_credentials_posts_the_exact_token_request_then_sends_the_token_as_bearer()
    {
        using var mock = new MockMfa();
        var tokens = new TokenEndpoint(mock.Handler);
        mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        using var service = MfaService.Create(Options(o => { o.ClientId = "client-1"; o.ClientSecret = "s3cret"; }), mock.Handler);

        await service.VerifyCodeAsync(Requests.To, "123456");

        var tokenRequest = tokens.Requests.Single();
        Assert.That(tokenRequest.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(tokenRequest.Uri, Is.EqualTo(TokenEndpoint.Url));
        Assert.That(tokenRequest.ContentType, Is.EqualTo("application/x-www-form-urlencoded"));
        Assert.That(tokenRequest.Body, Is.EqualTo("grant_type=client_credentials"));
        Assert.That(tokenRequest.Authorization, Is.EqualTo("Basic Y2xpZW50LTE6czNjcmV0")); // base64("client-1:s3cret")
        Assert.That(mock.Requests.Single().Authorization, Is.EqualTo("Bearer tok-1"));
    }

    [Test]
    public async Task Default_token_url_is_the_published_one()
    {
        Assert.That(new MfaOptions().TokenUrl.AbsoluteUri, Is.EqualTo("https://api.bandwidth.com/api/v1/oauth2/token"));
        Assert.That(new MfaOptions().BaseUrl.AbsoluteUri, Is.EqualTo("https://mfa.bandwidth.com/api/v1/"));
    }

    [TestCase("http://mfa.bandwidth.com/api/v1/")]
    [TestCase("http://169.254.169.254/api/v1/")] // an IP literal that is not loopback (the link-local metadata address)
    public async Task Credentials_are_never_sent_over_plain_http_to_a_remote_host(string url)
    {
        using var mock = new MockMfa().Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        var client = TestClients.Over(mock.Handler, url, handlers: new Bandwidth.Mfa.Authentication.BasicAuthenticationHandler("u", "p"));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()));

        Assert.That(ex!.Message, Does.Contain("https").And.Not.Contain("p\""));
        Assert.That(mock.RequestCount, Is.Zero);
    }

    [TestCase("http://127.0.0.1:4010/")]
    [TestCase("http://localhost:4010/")]
    [TestCase("http://[::1]:4010/")]
    public async Task Plain_http_to_loopback_is_allowed(string url)
    {
        using var mock = new MockMfa().Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        var client = TestClients.Over(mock.Handler, url, handlers: new Bandwidth.Mfa.Authentication.BearerTokenHandler("t"));

        var result = await client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());

        Assert.That(result.Valid, Is.True);
        Assert.That(mock.Requests.Single().Authorization, Is.EqualTo("Bearer t"));
    }
}
