using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Bandwidth.Mfa.Tests.Contract;

/// <summary>The schema check that every captured request goes through: it accepts what the spec allows and names what it does not.</summary>
public class SpecConformanceTests
{
    private static RecordedRequest Post(string relativePath, string? body, string contentType = "application/json; charset=utf-8") =>
        new(HttpMethod.Post, MockMfa.BaseUrl + relativePath, body, body is null ? null : contentType, null, null, new Dictionary<string, string>());

    [TestCase("accounts/9900000/code/messaging", Requests.CodeJsonWithoutScope)]
    [TestCase("accounts/9900000/code/voice", Requests.CodeJsonWithScope)]
    [TestCase("accounts/9900000/code/verify", Requests.VerifyJsonWithoutScope)]
    [TestCase("accounts/9900000/code/verify", "{\"to\":\"+19195551234\",\"scope\":\"login\",\"expirationTimeInMinutes\":2.5,\"code\":\"12345678\"}")]
    public void Bodies_the_spec_allows_pass(string path, string body)
    {
        Assert.That(SpecConformance.Check(Post(path, body)), Is.Empty);
    }

    [Test]
    public void A_missing_required_property_is_named()
    {
        var problems = SpecConformance.Check(Post("accounts/9900000/code/verify", "{\"to\":\"+19195551234\",\"code\":\"123456\"}"));

        Assert.That(problems, Has.Some.Contains("verifyCode body: PropertyRequired").And.Some.Contains("expirationTimeInMinutes"));
    }

    [TestCase("{\"to\":\"+19195551234\",\"from\":\"+19195554321\",\"applicationId\":\"a\",\"message\":\"{CODE}\",\"digits\":3}", "NumberTooSmall")]
    [TestCase("{\"to\":\"19195551234\",\"from\":\"+19195554321\",\"applicationId\":\"a\",\"message\":\"{CODE}\",\"digits\":6}", "PatternMismatch")]
    [TestCase("{\"to\":\"+19195551234\",\"from\":\"+19195554321\",\"applicationId\":\"a\",\"message\":\"{CODE}\",\"digits\":\"6\"}", "IntegerExpected")]
    public void A_value_the_schema_rejects_is_named(string body, string kind)
    {
        var problems = SpecConformance.Check(Post("accounts/9900000/code/messaging", body));

        Assert.That(problems, Has.Some.Contains(kind));
    }

    [Test]
    public void A_path_that_is_not_an_operation_is_named()
    {
        var problems = SpecConformance.Check(Post("accounts/9900000/code/sms", Requests.CodeJsonWithoutScope));

        Assert.That(problems, Is.EqualTo(new[] { "POST /api/v1/accounts/9900000/code/sms is not an operation of openapi/mfa.yml" }));
    }

    [Test]
    public void A_content_type_the_operation_does_not_accept_is_named()
    {
        var problems = SpecConformance.Check(Post("accounts/9900000/code/verify", Requests.VerifyJsonWithoutScope, "text/plain"));

        Assert.That(problems, Has.Exactly(1).Contains("accepts application/json, not 'text/plain'"));
    }

    [Test]
    public void A_missing_body_is_named()
    {
        Assert.That(SpecConformance.Check(Post("accounts/9900000/code/verify", null)), Is.EqualTo(new[] { "verifyCode requires a body" }));
    }

    [Test]
    public async Task MockMfa_fails_the_test_when_a_captured_request_breaks_the_spec()
    {
        using var mock = new MockMfa().Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
        using var http = mock.CreateHttpClient();
        using var body = new StringContent("{\"to\":\"+19195551234\",\"code\":\"12\"}", Encoding.UTF8, "application/json");

        // An isolated context stands in for the test that made the request, so its failure does not fail this test.
        IList<AssertionResult> recorded;
        HttpStatusCode status;
        using (new TestExecutionContext.IsolatedContext())
        {
            using var response = await http.PostAsync("accounts/9900000/code/verify", body);
            status = response.StatusCode;
            recorded = TestExecutionContext.CurrentContext.CurrentResult.AssertionResults;
        }

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "the request is still answered, so the test fails on the spec, not on a stall");
        Assert.That(recorded, Has.Exactly(1).Matches<AssertionResult>(r => r is { Status: AssertionStatus.Failed, Message: { } message }
            && message.Contains("openapi/mfa.yml does not allow") && message.Contains("StringTooShort") && message.Contains("PropertyRequired")));
        Assert.That(TestExecutionContext.CurrentContext.CurrentResult.AssertionResults, Is.Empty);
    }
}
