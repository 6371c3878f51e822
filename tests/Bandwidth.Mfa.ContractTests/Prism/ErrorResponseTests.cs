using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.ContractTests.Support;
using Newtonsoft.Json.Linq;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Prism;

/// <summary>
/// Every documented error response of every operation (read from the spec, so a new one is tested as soon as it is
/// documented), asked of Prism with <c>Prefer: code=NNN</c>: the client must throw the typed exception with the parsed body.
/// </summary>
[TestFixture(Credentials.Basic)]
[TestFixture(Credentials.Bearer)]
public sealed class ErrorResponseTests(Credentials credentials)
{
    private ContractClient _client = null!;

    public static IEnumerable<TestCaseData> DocumentedErrors =>
        MfaSpec.Responses(minimum: 400).Select(r => new TestCaseData(r).SetArgDisplayNames(r.OperationId, r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [SetUp]
    public void CreateClient() => _client = new ContractClient(PrismFixture.Server.BaseUrl, credentials);

    [TearDown]
    public void DisposeClient() => _client.Dispose();

    [TestCaseSource(nameof(DocumentedErrors))]
    public async Task Documented_error_throws_the_typed_exception_with_the_parsed_body(DocumentedResponse documented)
    {
        _client.Log.PreferStatus = documented.Status;

        var exception = await Assert.CatchAsync<MfaApiException>(() => _client.CallAsync(documented.OperationId));

        ContractAssert.OneValidExchange(_client, string.Empty);
        var bodyType = typeof(IMfaClient).Assembly.GetType("Bandwidth.Mfa." + documented.SchemaName, throwOnError: true)!;
        Assert.That(exception!.GetType(), Is.EqualTo(typeof(MfaApiException<>).MakeGenericType(bodyType)));
        Assert.That(exception.Status, Is.EqualTo(documented.Status));
        Assert.That(exception.Operation, Is.EqualTo(documented.OperationId));
        Assert.That(exception.IsRateLimited, Is.EqualTo(documented.Status == 429));
        Assert.That(exception.RequestMayHaveReachedServer, Is.False, "a documented error is an answer: nothing was sent to a phone");
        Assert.That(PrismViolation.From(exception.Headers), Is.Empty);

        ContractAssert.SameJson(exception.GetType().GetProperty("Result")!.GetValue(exception), documented.Example);
        Assert.That(exception.ErrorText, Is.EqualTo(Text(documented.Example, "error") ?? Text(documented.Example, "message")));
        Assert.That(exception.RequestId, Is.EqualTo(Text(documented.Example, "requestId")));
        if (exception.ErrorText != null)
        {
            Assert.That(exception.Message, Does.Contain(exception.ErrorText));
        }
    }

    private static string? Text(JToken example, string property) => (string?)example[property];
}
