using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using RichardSzalay.MockHttp;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Generated;

public class ErrorTests
{
    private const string RequestId = "354cc8a3-6701-461e-8fa7-8671703dd898";

    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa();

    [TearDown]
    public void TearDown() => _mock.Dispose();

    public static IEnumerable<string> Operations => new[] { "generateMessagingCode", "generateVoiceCode", "verifyCode" };

    private static Task Call(IMfaClient client, string operation) => operation switch
    {
        "generateMessagingCode" => client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code()),
        "generateVoiceCode" => client.GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code()),
        _ => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()),
    };

    [TestCaseSource(nameof(Operations))]
    public async Task Status_400_is_typed_with_the_parsed_request_error(string operation)
    {
        _mock.AnswerAll(_ => Json(400, "{\"error\":\"to number is required\",\"requestId\":\"" + RequestId + "\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => Call(_mock.CreateClient(), operation));

        Assert.That(ex!.Status, Is.EqualTo(400));
        Assert.That(ex.Result.Error, Is.EqualTo("to number is required"));
        Assert.That(ex.Result.RequestId, Is.EqualTo(RequestId));
        Assert.That(ex.ErrorText, Is.EqualTo("to number is required"));
        Assert.That(ex.RequestId, Is.EqualTo(RequestId));
        Assert.That(ex.Operation, Is.EqualTo(operation));
        Assert.That(ex.Message, Does.Contain(operation).And.Contain("400").And.Contain("to number is required").And.Contain(RequestId));
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Status_401_is_typed_with_the_parsed_unauthorized_error(string operation)
    {
        _mock.AnswerAll(_ => Json(401, "{\"message\":\"Unauthorized\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaUnauthorizedRequestError>>(() => Call(_mock.CreateClient(), operation));

        Assert.That(ex!.Status, Is.EqualTo(401));
        Assert.That(ex.Result.Message, Is.EqualTo("Unauthorized"));
        Assert.That(ex.RequestMayHaveReachedServer, Is.False);
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Status_403_is_typed_with_the_parsed_forbidden_error(string operation)
    {
        _mock.AnswerAll(_ => Json(403, "{\"message\":\"Missing Authentication Token\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaForbiddenRequestError>>(() => Call(_mock.CreateClient(), operation));

        Assert.That(ex!.Result.Message, Is.EqualTo("Missing Authentication Token"));
    }

    [Test]
    public async Task Status_403_body_spelled_with_a_capital_M_is_read_too()
    {
        _mock.AnswerAll(_ => Json(403, "{\"Message\":\"Missing Authentication Token\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaForbiddenRequestError>>(() => Call(_mock.CreateClient(), "verifyCode"));

        Assert.That(ex!.Result.Message, Is.EqualTo("Missing Authentication Token"));
        Assert.That(ex.ErrorText, Is.EqualTo("Missing Authentication Token"));
    }

    [Test]
    public async Task Status_429_on_verify_is_typed_and_says_it_is_rate_limited()
    {
        _mock.AnswerAll(_ =>
        {
            var response = Json(429, "{\"error\":\"This number has exceeded verification attempts, please wait 2 minutes\",\"requestId\":\"" + RequestId + "\"}");
            response.Headers.Add("Retry-After", "120");
            return response;
        });

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => Call(_mock.CreateClient(), "verifyCode"));

        Assert.That(ex!.Status, Is.EqualTo(429));
        Assert.That(ex.IsRateLimited, Is.True);
        Assert.That(ex.RetryAfter, Is.EqualTo(TimeSpan.FromMinutes(2)));
        Assert.That(ex.Result.Error, Does.StartWith("This number has exceeded"));
    }

    [TestCaseSource(nameof(Operations))]
    public async Task Status_500_is_typed_with_the_parsed_request_error(string operation)
    {
        _mock.AnswerAll(_ => Json(500, "{\"error\":\"Internal Error\",\"requestId\":\"" + RequestId + "\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => Call(_mock.CreateClient(), operation));

        Assert.That(ex!.Status, Is.EqualTo(500));
        Assert.That(ex.Result.Error, Is.EqualTo("Internal Error"));
    }

    [TestCase("generateMessagingCode", 429)]
    [TestCase("generateVoiceCode", 404)]
    [TestCase("verifyCode", 502)]
    public async Task Undocumented_status_is_the_base_api_exception(string operation, int status)
    {
        _mock.AnswerAll(_ => Json(status, "<html><body>Bad gateway</body></html>", "text/html"));

        var ex = await Assert.ThrowsAsync<MfaApiException>(() => Call(_mock.CreateClient(), operation));

        Assert.That(ex!.GetType(), Is.EqualTo(typeof(MfaApiException)), "not a typed subclass");
        Assert.That(ex.Status, Is.EqualTo(status));
        Assert.That(ex.Response, Is.EqualTo("<html><body>Bad gateway</body></html>"));
        Assert.That(ex.Operation, Is.EqualTo(operation));
    }

    [Test]
    public async Task Documented_status_with_a_gateway_html_body_stays_typed_with_an_empty_body()
    {
        _mock.AnswerAll(_ => Json(500, "<html>oops</html>", "text/html"));

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => Call(_mock.CreateClient(), "verifyCode"));

        Assert.That(ex!.Result.Error, Is.Null);
        Assert.That(ex.Response, Is.EqualTo("<html>oops</html>"));
    }

    [TestCaseSource(nameof(Operations))]
    public async Task An_already_cancelled_token_sends_nothing_and_surfaces_as_operation_canceled(string operation)
    {
        _mock.AnswerAll(_ => Json(200, "{}"));
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var client = _mock.CreateClient();

        Assert.That(async () => await (operation switch
        {
            "generateMessagingCode" => (Task)client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code(), cts.Token),
            "generateVoiceCode" => client.GenerateVoiceCodeAsync(MockMfa.AccountId, Requests.Code(), cts.Token),
            _ => client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify(), cts.Token),
        }), Throws.InstanceOf<OperationCanceledException>().And.Not.InstanceOf<MfaException>());
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    [Test]
    public async Task Cancellation_during_a_pending_call_stops_it()
    {
        var gate = new TaskCompletionSource();
        _mock.Handler.When("*").Respond(async () =>
        {
            await gate.Task;
            return Json(200, "{\"valid\":true}");
        });
        using var cts = new CancellationTokenSource();

        var call = _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, Requests.Verify(), cts.Token);
        Assert.That(call.IsCompleted, Is.False);
        cts.Cancel();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        gate.SetResult();
    }

    [Test]
    public async Task An_undocumented_success_status_on_a_send_says_the_request_reached_the_server()
    {
        _mock.AnswerAll(_ => Json(202, "{\"messageId\":\"m-1\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException>(() => Call(_mock.CreateClient(), "generateMessagingCode"));

        Assert.That(ex!.Status, Is.EqualTo(202));
        Assert.That(ex.RequestMayHaveReachedServer, Is.True);
    }

    [Test]
    public async Task ErrorText_masks_phone_numbers_the_service_echoes()
    {
        _mock.AnswerAll(_ => Json(400, "{\"error\":\"to number +19195551234 is invalid\",\"requestId\":\"r\"}"));

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => Call(_mock.CreateClient(), "verifyCode"));

        Assert.That(ex!.ErrorText, Is.EqualTo("to number +1********34 is invalid"));
        Assert.That(ex.Message, Does.Not.Contain("+19195551234"));
    }

    [Test]
    public async Task Retry_after_given_as_an_http_date_is_read_as_a_wait()
    {
        _mock.AnswerAll(_ =>
        {
            var response = Json(429, "{\"error\":\"wait\",\"requestId\":\"r\"}");
            response.Headers.TryAddWithoutValidation("Retry-After", DateTimeOffset.UtcNow.AddSeconds(90).ToString("r"));
            return response;
        });

        var ex = await Assert.ThrowsAsync<MfaApiException<MfaRequestError>>(() => Call(_mock.CreateClient(), "verifyCode"));

        Assert.That(ex!.RetryAfter, Is.Not.Null.And.InRange(TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(91)));
    }

    private static System.Net.Http.HttpResponseMessage Json(int status, string body, string mediaType = "application/json") =>
        new((HttpStatusCode)status) { Content = new System.Net.Http.StringContent(body, System.Text.Encoding.UTF8, mediaType) };
}
