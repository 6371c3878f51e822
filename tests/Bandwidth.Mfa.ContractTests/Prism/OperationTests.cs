using System.Collections.Generic;
using System.Threading.Tasks;
using Bandwidth.Mfa.ContractTests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Prism;

/// <summary>
/// Every operation of the spec, called the way users call it, with each kind of credentials: Prism must find the
/// request valid (no <c>sl-violations</c>), and the client must read the documented answer.
/// </summary>
[TestFixture(Credentials.Basic)]
[TestFixture(Credentials.Bearer)]
public sealed class OperationTests(Credentials credentials)
{
    private ContractClient _client = null!;

    public static IEnumerable<string> Operations => MfaSpec.OperationIds;

    [SetUp]
    public void CreateClient() => _client = new ContractClient(PrismFixture.Server.BaseUrl, credentials);

    [TearDown]
    public void DisposeClient() => _client.Dispose();

    [TestCaseSource(nameof(Operations))]
    public async Task Full_call_with_every_optional_field_is_valid_and_reads_the_documented_answer(string operationId)
    {
        var (status, headers, result) = await _client.CallAsync(operationId);

        ContractAssert.OneValidExchange(_client, string.Empty);
        Assert.That(status, Is.EqualTo(200));
        Assert.That(PrismViolation.From(headers), Is.Empty, "the headers returned by the *WithHttpInfoAsync form carry no violations either");
        ContractAssert.SameJson(result, MfaSpec.Response(operationId, 200).Example);
    }

    [Test]
    public async Task Short_SendSmsCodeAsync_with_configured_defaults_is_valid()
    {
        var sent = await _client.Service.SendSmsCodeAsync(ContractClient.To);

        ContractAssert.OneValidExchange(_client, "/accounts/" + ContractClient.AccountId + "/code/messaging");
        ContractAssert.SameJson(sent, MfaSpec.Response("generateMessagingCode", 200).Example);
    }

    [Test]
    public async Task Short_SendVoiceCodeAsync_with_configured_defaults_is_valid()
    {
        var sent = await _client.Service.SendVoiceCodeAsync(ContractClient.To, scope: "login");

        ContractAssert.OneValidExchange(_client, "/accounts/" + ContractClient.AccountId + "/code/voice");
        ContractAssert.SameJson(sent, MfaSpec.Response("generateVoiceCode", 200).Example);
    }

    [Test]
    public async Task Short_VerifyCodeAsync_with_configured_defaults_is_valid()
    {
        var valid = await _client.Service.VerifyCodeAsync(ContractClient.To, "1234");

        ContractAssert.OneValidExchange(_client, "/accounts/" + ContractClient.AccountId + "/code/verify");
        Assert.That(valid, Is.EqualTo((bool)MfaSpec.Response("verifyCode", 200).Example["valid"]!));
    }
}
