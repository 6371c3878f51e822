using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Generated;

public class WireFormatTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp()
    {
        _mock = new MockMfa()
            .Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}")
            .Answer("/code/voice", HttpStatusCode.OK, "{\"callId\":\"c-1\"}")
            .Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");
    }

    [TearDown]
    public void TearDown() => _mock.Dispose();

    [Test]
    public async Task Messaging_posts_exact_json_to_the_messaging_path()
    {
        await _mock.CreateClient().GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code());

        var request = _mock.Requests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Uri, Is.EqualTo("https://mfa.bandwidth.com/api/v1/accounts/9900000/code/messaging"));
        Assert.That(request.Body, Is.EqualTo(Requests.CodeJsonWithoutScope));
    }

    [Test]
    public async Task Voice_posts_exact_json_to_the_voice_path()
    {
        await _mock.CreateClient().GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code("2FA"));

        var request = _mock.Requests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Uri, Is.EqualTo("https://mfa.bandwidth.com/api/v1/accounts/9900000/code/voice"));
        Assert.That(request.Body, Is.EqualTo(Requests.CodeJsonWithScope));
    }

    [Test]
    public async Task Verify_posts_exact_json_with_the_expiration_as_a_number()
    {
        await _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());

        var request = _mock.Requests.Single();
        Assert.That(request.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(request.Uri, Is.EqualTo("https://mfa.bandwidth.com/api/v1/accounts/9900000/code/verify"));
        Assert.That(request.Body, Is.EqualTo(Requests.VerifyJsonWithoutScope));
    }

    [Test]
    public async Task Verify_sends_a_fractional_expiration_as_is_and_scope_when_set()
    {
        await _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, Requests.Verify(minutes: 2.5, scope: "login"));

        Assert.That(_mock.Requests.Single().Body,
            Is.EqualTo("{\"to\":\"+19195551234\",\"scope\":\"login\",\"expirationTimeInMinutes\":2.5,\"code\":\"123456\"}"));
    }

    [Test]
    public async Task Digits_is_written_as_a_json_integer()
    {
        var body = Requests.Code();
        body.Digits = 8;
        await _mock.CreateClient().GenerateMessagingCodeAsync(MockMfa.AccountId, body);

        Assert.That(_mock.Requests.Single().Body, Does.EndWith(",\"digits\":8}"));
    }

    [TestCase("messaging")]
    [TestCase("voice")]
    [TestCase("verify")]
    public async Task Every_operation_sends_json_and_accepts_json(string operation)
    {
        var client = _mock.CreateClient();
        await (operation switch
        {
            "messaging" => (Task)client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code()),
            "voice" => client.GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code()),
            _ => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()),
        });

        var request = _mock.Requests.Single();
        Assert.That(request.ContentType, Is.EqualTo("application/json"));
        Assert.That(request.Accept, Is.EqualTo("application/json"));
    }

    [TestCase("acc/1 2", "accounts/acc%2F1%202/code/messaging")]
    [TestCase("a?b#c", "accounts/a%3Fb%23c/code/messaging")]
    [TestCase("ünï", "accounts/%C3%BCn%C3%AF/code/messaging")]
    public async Task Account_id_is_escaped_as_one_path_segment(string accountId, string expectedPath)
    {
        await _mock.CreateClient().GenerateMessagingCodeAsync(accountId, Requests.Code());

        Assert.That(_mock.Requests.Single().Uri, Is.EqualTo(MockMfa.BaseUrl + expectedPath));
    }

    [Test]
    public async Task Requests_are_relative_to_the_base_address_so_it_can_point_anywhere()
    {
        await TestClients.Over(_mock.Handler, "http://127.0.0.1:4010/mock/").VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());

        Assert.That(_mock.Requests.Single().Uri, Is.EqualTo("http://127.0.0.1:4010/mock/accounts/9900000/code/verify"));
    }
}
