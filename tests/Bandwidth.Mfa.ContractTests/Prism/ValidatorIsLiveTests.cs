using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.ContractTests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Prism;

/// <summary>
/// Negative controls, sent with a raw <see cref="HttpClient"/> because the real client refuses to send them: they prove
/// that Prism validates requests, so that "no violations" in the other tests means something.
/// </summary>
public sealed class ValidatorIsLiveTests
{
    private const string ValidCode =
        "{\"to\":\"+19195551234\",\"from\":\"+19195554321\",\"applicationId\":\"66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1\",\"message\":\"Your code is {CODE}\",\"digits\":6}";

    private HttpClient _http = null!;

    [SetUp]
    public void CreateClient() => _http = new HttpClient { BaseAddress = PrismFixture.Server.BaseUrl };

    [TearDown]
    public void DisposeClient() => _http.Dispose();

    [Test]
    public async Task A_malformed_body_is_rejected_with_each_fault_named()
    {
        using var response = await SendAsync("{\"to\":\"9195551234\",\"digits\":\"six\",\"applicationId\":\"66fd98ae\",\"message\":\"{CODE}\"}", authorized: true);

        var violations = PrismViolation.From(response);
        Assert.That((int)response.StatusCode, Is.InRange(400, 499));
        Assert.That(violations.Select(v => v.Location), Does.Contain("request.body.to").And.Contain("request.body.digits"), string.Join("; ", violations));
        Assert.That(violations.Select(v => v.Message), Has.Some.Contains("'from'"), "the missing required property is named");
        Assert.That(violations, Has.All.Matches<PrismViolation>(v => v is { Severity: "Error" }));
    }

    [Test]
    public async Task A_request_without_credentials_is_rejected()
    {
        using var response = await SendAsync(ValidCode, authorized: false);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(PrismViolation.From(response), Has.Some.Matches<PrismViolation>(v => v != null && v.Message.Contains("security", StringComparison.OrdinalIgnoreCase)));
    }

    [Test]
    public async Task A_body_that_is_not_json_is_rejected()
    {
        using var response = await SendAsync(ValidCode, authorized: true, mediaType: "text/plain");

        Assert.That((int)response.StatusCode, Is.InRange(400, 499));
        Assert.That(PrismViolation.From(response), Is.Not.Empty);
    }

    [Test]
    public async Task The_same_request_with_a_valid_body_and_credentials_passes()
    {
        using var response = await SendAsync(ValidCode, authorized: true);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(PrismViolation.From(response), Is.Empty);
    }

    private Task<HttpResponseMessage> SendAsync(string body, bool authorized, string mediaType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "accounts/9900000/code/messaging")
        {
            Content = new StringContent(body, Encoding.UTF8, mediaType),
        };
        if (authorized)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("contract-user:contract-password")));
        }

        return _http.SendAsync(request);
    }
}
