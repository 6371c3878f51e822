using System.Linq;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Generated;

public class ResponseTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa();

    [TearDown]
    public void TearDown() => _mock.Dispose();

    [Test]
    public async Task Messaging_200_is_parsed()
    {
        _mock.Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"1589228074636lm4k2je7j7jklbn2\"}");

        var result = await _mock.CreateClient().GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code());

        Assert.That(result.MessageId, Is.EqualTo("1589228074636lm4k2je7j7jklbn2"));
    }

    [Test]
    public async Task Voice_200_is_parsed()
    {
        _mock.Answer("/code/voice", HttpStatusCode.OK, "{\"callId\":\"c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85\"}");

        var result = await _mock.CreateClient().GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code());

        Assert.That(result.CallId, Is.EqualTo("c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85"));
    }

    [TestCase("{\"valid\":true}", true)]
    [TestCase("{\"valid\":false}", false)]
    public async Task Verify_200_is_parsed(string body, bool expected)
    {
        _mock.Answer("/code/verify", HttpStatusCode.OK, body);

        var result = await _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());

        Assert.That(result.Valid, Is.EqualTo(expected));
    }

    [Test]
    public async Task Unknown_response_properties_are_kept_not_rejected()
    {
        _mock.Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true,\"attemptsLeft\":2}");

        var result = await _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());

        Assert.That(result.Valid, Is.True);
        Assert.That(result.AdditionalProperties["attemptsLeft"], Is.EqualTo(2L));
    }

    [Test]
    public async Task With_http_info_returns_status_headers_and_body()
    {
        _mock.Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-7\"}",
            configure: r => r.Headers.Add("X-Request-Id", "req-42"));

        var response = await _mock.CreateClient().GenerateMessagingCodeWithHttpInfoAsync(MockMfa.AccountId, Requests.Code());

        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Result.MessageId, Is.EqualTo("m-7"));
        Assert.That(response.Headers["x-request-id"].Single(), Is.EqualTo("req-42"));
        Assert.That(response.Headers["Content-Type"].Single(), Is.EqualTo("application/json; charset=utf-8"));
    }

    [Test]
    public async Task With_http_info_of_voice_and_verify_carry_their_own_status()
    {
        _mock.Answer("/code/voice", HttpStatusCode.OK, "{\"callId\":\"c-1\"}")
            .Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":false}");
        var client = _mock.CreateClient();

        var voice = await client.GenerateVoiceCodeWithHttpInfoAsync(MockMfa.AccountId, Requests.Code());
        var verify = await client.VerifyCodeWithHttpInfoAsync(MockMfa.AccountId, Requests.Verify());

        Assert.That((voice.StatusCode, voice.Result.CallId), Is.EqualTo((200, "c-1")));
        Assert.That(verify.StatusCode, Is.EqualTo(200));
        Assert.That(verify.Result.Valid, Is.False);
    }
}
