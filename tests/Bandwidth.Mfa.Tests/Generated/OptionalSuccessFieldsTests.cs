using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Generated;

/// <summary>
/// The vendor documents messageId, callId and valid as optional. A send without its id succeeded (it was billed, and
/// failing it would invite a second, billed send); a verify without an outcome fails closed, never as a valid code.
/// </summary>
public class OptionalSuccessFieldsTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa();

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private MfaService CreateService()
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "tkn-1", Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        options.Voice.From = Requests.From;
        options.Voice.ApplicationId = Requests.ApplicationId;
        return MfaService.Create(options, _mock.Handler);
    }

    [TestCase("{}")]
    [TestCase("{\"messageId\":null}")]
    [TestCase("{\"somethingElse\":1}")]
    public async Task A_text_send_answered_200_without_a_message_id_succeeds_with_a_null_id(string body)
    {
        _mock.Answer("/code/messaging", HttpStatusCode.OK, body);
        using var service = CreateService();

        var plain = await _mock.CreateClient().GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code());
        var info = await _mock.CreateClient().GenerateMessagingCodeWithHttpInfoAsync(MockMfa.AccountId, Requests.Code());
        var shortCall = await service.SendSmsCodeAsync(Requests.To);

        Assert.That(plain.MessageId, Is.Null);
        Assert.That((info.StatusCode, info.Result.MessageId), Is.EqualTo((200, (string?)null)));
        Assert.That(shortCall.MessageId, Is.Null);
        Assert.That(_mock.RequestCount, Is.EqualTo(3), "one request per call, none repeated");
    }

    [TestCase("{}")]
    [TestCase("{\"callId\":null}")]
    public async Task A_voice_send_answered_200_without_a_call_id_succeeds_with_a_null_id(string body)
    {
        _mock.Answer("/code/voice", HttpStatusCode.OK, body);
        using var service = CreateService();

        var plain = await _mock.CreateClient().GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code());
        var shortCall = await service.SendVoiceCodeAsync(Requests.To);

        Assert.That(plain.CallId, Is.Null);
        Assert.That(shortCall.CallId, Is.Null);
        Assert.That(_mock.RequestCount, Is.EqualTo(2));
    }

    [TestCase("{}")]
    [TestCase("{\"valid\":null}")]
    [TestCase("{\"valid \":true}")]
    public async Task A_verify_answered_200_without_valid_fails_closed_through_every_form(string body)
    {
        _mock.Answer("/code/verify", HttpStatusCode.OK, body);
        using var service = CreateService();
        var client = _mock.CreateClient();

        var plain = await Assert.ThrowsAsync<MfaInvalidResponseException>(() => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()));
        var info = await Assert.ThrowsAsync<MfaInvalidResponseException>(() => client.VerifyCodeWithHttpInfoAsync(MockMfa.AccountId, Requests.Verify()));
        var shortCall = await Assert.ThrowsAsync<MfaInvalidResponseException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        foreach (var ex in new[] { plain!, info!, shortCall! })
        {
            Assert.That(ex, Is.InstanceOf<MfaException>());
            Assert.That(ex.Operation, Is.EqualTo("verifyCode"));
            Assert.That(ex.Status, Is.EqualTo(200));
            Assert.That(ex.RequestMayHaveReachedServer, Is.True);
            Assert.That(ex.Message, Does.Contain("no 'valid'").And.Contain("not verified"));
            Assert.That(ex.Message, Does.Not.Contain("123456"));
        }

        Assert.That(_mock.RequestCount, Is.EqualTo(3), "never sent again");
    }

    [Test]
    public async Task The_short_verify_fails_closed_even_over_another_client_that_returns_no_outcome()
    {
        var service = new MfaService(new NoOutcomeClient(), Microsoft.Extensions.Options.Options.Create(new MfaOptions { AccountId = MockMfa.AccountId, AccessToken = "t", Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } }));

        var ex = await Assert.ThrowsAsync<MfaInvalidResponseException>(() => service.VerifyCodeAsync(Requests.To, "123456"));

        Assert.That(ex!.Operation, Is.EqualTo("verifyCode"));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
    }

    [TestCase("{\"valid\":true}", true)]
    [TestCase("{\"valid\":false}", false)]
    public async Task A_verify_with_valid_still_returns_it(string body, bool expected)
    {
        _mock.Answer("/code/verify", HttpStatusCode.OK, body);
        using var service = CreateService();

        Assert.That(await service.VerifyCodeAsync(Requests.To, "123456"), Is.EqualTo(expected));
        Assert.That((await _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, Requests.Verify())).Valid, Is.EqualTo(expected));
    }

    [Test]
    public void The_spec_marks_the_success_fields_optional_as_the_vendor_does()
    {
        var document = NSwag.OpenApiYamlDocument.FromFileAsync(SpecConformance.SpecPath).GetAwaiter().GetResult();
        foreach (var (schema, property) in new[] { ("MessagingCodeResponse", "messageId"), ("VoiceCodeResponse", "callId"), ("VerifyCodeResponse", "valid") })
        {
            var definition = document.Components.Schemas[schema];
            Assert.That(definition.Properties.ContainsKey(property), Is.True, schema);
            Assert.That(definition.RequiredProperties, Does.Not.Contain(property), schema + "." + property + " is optional");
        }
    }

    private sealed class NoOutcomeClient : IMfaClient
    {
        public Task<VerifyCodeResponse> VerifyCodeAsync(string accountId, VerifyCodeRequest body, CancellationToken cancellationToken = default) =>
            Task.FromResult(new VerifyCodeResponse());

        public Task<MessagingCodeResponse> GenerateMessagingCodeAsync(string accountId, CodeRequest body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<VoiceCodeResponse> GenerateVoiceCodeAsync(string accountId, CodeRequest body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<MfaResponse<MessagingCodeResponse>> GenerateMessagingCodeWithHttpInfoAsync(string accountId, CodeRequest body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<MfaResponse<VoiceCodeResponse>> GenerateVoiceCodeWithHttpInfoAsync(string accountId, CodeRequest body, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<MfaResponse<VerifyCodeResponse>> VerifyCodeWithHttpInfoAsync(string accountId, VerifyCodeRequest body, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
