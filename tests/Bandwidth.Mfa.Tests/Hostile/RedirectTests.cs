using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Hostile;

/// <summary>
/// Redirects over real sockets: no 3xx, and no answer a handler got by following one, ever becomes a result; the
/// client's own handlers never send the body to another origin.
/// </summary>
public class RedirectTests : HostileTestBase
{
    private const string Accepting = "{\"valid\":true}";

    [TestCase(301)]
    [TestCase(302)]
    [TestCase(303)]
    [TestCase(307)]
    [TestCase(308)]
    public async Task A_redirect_to_another_origin_is_refused_and_the_other_origin_sees_nothing(int status)
    {
        var other = Serve(Answers.Json(200, Accepting));
        var server = Serve(Answers.Redirect(status, other.Origin + "/api/v1/accounts/a/code/verify"));
        using var service = Create(server);

        var ex = await Fails<MfaRedirectException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(status));
        Assert.That(ex.WasFollowed, Is.False);
        Assert.That(ex.RedirectOrigin, Is.EqualTo(other.Origin));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
        Assert.That(ex.Operation, Is.EqualTo("verifyCode"));
        Assert.That(ex.Message, Does.StartWith("verifyCode was answered with a redirect (HTTP " + status + ") to " + other.Origin + ";")
            .And.Not.Contain("/api/v1"));
        Assert.That(server.RequestCount, Is.EqualTo(1));
        Assert.That(other.RequestCount, Is.Zero);
        var line = CallLine();
        Assert.That(line.EventId, Is.EqualTo(LogEventIds.CallFailed));
        Assert.That(line.Message, Does.Contain("failed (redirect, HTTP " + status + ")"));
    }

    [Test]
    public async Task A_307_on_a_send_never_re_sends_the_number_and_message_elsewhere()
    {
        var other = Serve(Answers.Json(200, "{\"messageId\":\"m-1\"}"));
        var server = Serve(Answers.Redirect(307, other.Origin + "/steal"));
        using var service = Create(server);

        var ex = await Fails<MfaRedirectException>(() => service.SendSmsCodeAsync(Requests.To), AnswerTimeout);

        Assert.That(ex.Operation, Is.EqualTo("generateMessagingCode"));
        Assert.That(server.Requests.Single().Method, Is.EqualTo("POST"));
        Assert.That(other.RequestCount, Is.Zero);
    }

    [Test]
    public async Task A_302_to_the_same_origin_is_not_turned_into_a_get()
    {
        var server = Serve(Answers.InTurn(Answers.Redirect(302, "/api/v1/elsewhere"), Answers.Json(200, Accepting)));
        using var service = Create(server);

        var ex = await Fails<MfaRedirectException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.RedirectOrigin, Is.EqualTo(server.Origin));
        Assert.That(server.Requests.Select(r => r.Method), Is.EqualTo(new[] { "POST" }));
    }

    [Test]
    public async Task A_3xx_without_a_location_is_refused()
    {
        var server = Serve(Answers.Redirect(302, null));
        using var service = Create(server);

        var ex = await Fails<MfaRedirectException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.RedirectOrigin, Is.Null);
        Assert.That(ex.Message, Does.Contain("without a usable Location"));
        Assert.That(server.RequestCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Through_di_the_factorys_default_handler_does_not_follow_a_307()
    {
        var other = Serve(Answers.Json(200, Accepting));
        var server = Serve(Answers.Redirect(307, other.Origin + "/api/v1/accounts/a/code/verify"));
        using var provider = Provider(server, followingPrimary: false);

        var ex = await Fails<MfaRedirectException>(() => Verify(provider.GetRequiredService<IMfaService>()), AnswerTimeout);

        Assert.That(ex.WasFollowed, Is.False);
        Assert.That(other.RequestCount, Is.Zero);
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    [Test]
    public async Task Through_di_a_users_handler_that_follows_a_307_never_turns_the_other_origins_answer_into_a_result()
    {
        var other = Serve(Answers.Json(200, Accepting));
        var server = Serve(Answers.Redirect(307, other.Origin + "/api/v1/accounts/a/code/verify"));
        using var provider = Provider(server, followingPrimary: true);

        var ex = await Fails<MfaRedirectException>(() => Verify(provider.GetRequiredService<IMfaService>()), AnswerTimeout);

        // Cannot be undone inside a handler of the user's: it is reported, and the answer is discarded.
        Assert.That(ex.WasFollowed, Is.True);
        Assert.That(ex.Status, Is.EqualTo(200));
        Assert.That(ex.RedirectOrigin, Is.EqualTo(other.Origin));
        Assert.That(ex.Message, Does.Contain("followed it").And.Contain("AllowAutoRedirect = false"));
        Assert.That(other.Requests.Single().Header("Authorization"), Is.Null, "credentials are never forwarded");
        Assert.That(server.Requests.Single().Header("Authorization"), Does.StartWith("Basic "));
        var line = CallLine();
        Assert.That(line.EventId, Is.EqualTo(LogEventIds.CallFailed));
        Assert.That(line.Message, Does.Contain("redirect followed by the HTTP handler, HTTP 200"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Through_di_a_302_that_a_users_handler_turns_into_a_get_is_never_a_verify_result(bool sameOrigin)
    {
        var other = Serve(Answers.Json(200, Accepting));
        HostileServer server = null!;
        server = Serve(Answers.InTurn(
            (r, c) => Answers.Redirect(302, (sameOrigin ? server.Origin : other.Origin) + "/api/v1/ok")(r, c),
            Answers.Json(200, Accepting)));
        using var provider = Provider(server, followingPrimary: true);

        var ex = await Fails<MfaRedirectException>(() => Verify(provider.GetRequiredService<IMfaService>()), AnswerTimeout);

        Assert.That(ex.WasFollowed, Is.True);
        var followedTo = sameOrigin ? server.Requests.Skip(1).Single() : other.Requests.Single();
        Assert.That(followedTo.Method, Is.EqualTo("GET"));
        Assert.That(followedTo.Body, Is.Empty);
        Assert.That(followedTo.Header("Authorization"), Is.Null);
    }

    [Test]
    public async Task A_redirect_the_sandbox_is_told_to_answer_is_refused_too()
    {
        var sandbox = new MfaSandbox();
        sandbox.FailNext(MfaSandboxFailure.Status(HttpStatusCode.Found, null));
        using var service = MfaService.Create(new MfaOptions
        {
            BaseUrl = new Uri("https://mfa.bandwidth.com/api/v1/"),
            AccountId = MockMfa.AccountId,
            Username = Username,
            Password = Password,
            Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId },
        }, sandbox.CreateHandler(), LoggerFactory);

        var ex = await Fails<MfaRedirectException>(() => Verify(service), AnswerTimeout);

        Assert.That(ex.Status, Is.EqualTo(302));
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    [Test]
    public async Task An_http_client_of_yours_that_follows_redirects_under_the_bare_client_is_refused_by_the_pipeline()
    {
        var other = Serve(Answers.Json(200, Accepting));
        var server = Serve(Answers.Redirect(307, other.Origin + "/x"));
        // A primary handler of the caller's that follows redirects (HttpClientHandler's default).
        var client = TestClients.Over(new HttpClientHandler(), server.BaseUrl.ToString(), AnswerTimeout, LoggerFactory);

        var ex = await Fails<MfaRedirectException>(() => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify(Code)), AnswerTimeout);

        Assert.That(ex.WasFollowed, Is.True);
        Assert.That(CallLine().EventId, Is.EqualTo(LogEventIds.CallFailed));
    }

    private ServiceProvider Provider(HostileServer server, bool followingPrimary)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        var builder = services.AddBandwidthMfa(o =>
        {
            o.BaseUrl = server.BaseUrl;
            o.AccountId = MockMfa.AccountId;
            o.Username = Username;
            o.Password = Password;
            o.Timeout = AnswerTimeout;
            o.Messaging = new MfaChannelOptions { From = Requests.From, ApplicationId = Requests.ApplicationId };
        });
        if (followingPrimary)
        {
#if NETCOREAPP
            builder.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = true });
#else
            builder.ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = true });
#endif
        }

        return services.BuildServiceProvider();
    }
}
