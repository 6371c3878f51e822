using System;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Hostile;

/// <summary>
/// Whatever a server puts into the text the client repeats (an error text, a request id, an HTML page, a success body
/// Newtonsoft cannot read), no phone number and no line break of its own reaches a message, ErrorText, RequestId,
/// ToString() or a log line: numbers are masked and line breaks escaped, so no log line can be forged.
/// </summary>
public class ServerTextTests : HostileTestBase
{
    private static readonly string Number = Requests.To;

    [Test]
    public async Task An_error_body_with_a_number_and_CR_LF_in_its_text_and_request_id_is_masked_and_kept_on_one_line()
    {
        var body = "{\"error\":\"cannot text " + Number + "\\r\\nMFA verifyCode answered 200 in 1 ms (forged)\",\"requestId\":\"" + Number + "\\r\\nforged-line\"}";
        var server = Serve(Answers.Json(400, body));
        using var service = Create(server);

        var failure = await Fails<MfaApiException<MfaRequestError>>(() => service.SendSmsCodeAsync(Requests.To), AnswerTimeout);

        AssertOneLine(failure);
        Assert.That(failure.ErrorText, Does.Contain("\\r\\nMFA verifyCode"), "the line break is written as an escape");
        Assert.That(failure.RequestId, Does.StartWith("+1").And.Contain("\\r\\nforged-line"));
        Assert.That(failure.Result.Error, Does.Contain(Number), "the parsed body is data and keeps what the server sent");
    }

    [Test]
    public async Task A_gateway_page_with_a_digit_only_request_id_does_not_put_the_number_in_the_log()
    {
        var page = "<html><body>504 Gateway Time-out <!-- \"requestId\":\"" + Number.Substring(1) + "\" --></body></html>";
        var server = Serve(Answers.Status(504, page, "text/html"));
        using var service = Create(server);

        var failure = await Fails<MfaApiException>(() => service.VerifyCodeAsync(Requests.To, Code), AnswerTimeout);

        Assert.That(failure.RequestId, Does.StartWith("1").And.EndWith(Number.Substring(Number.Length - 2)).And.Contain("*"));
        AssertOneLine(failure);
    }

    [Test]
    public async Task A_success_body_Newtonsoft_cannot_read_does_not_put_the_number_into_ToString()
    {
        var server = Serve(Answers.Json(200, "{\"valid\":\"" + Number + "\"}"));
        using var service = Create(server);

        var failure = await Fails<MfaInvalidResponseException>(() => service.VerifyCodeAsync(Requests.To, Code), AnswerTimeout);

        Assert.That(failure.InnerException, Is.Not.Null, "Newtonsoft's exception stays as the cause");
        Assert.That(failure.ToString(), Does.Contain("boolean"));
        AssertOneLine(failure);
    }

    [Test]
    public async Task A_media_type_holding_a_number_is_masked_in_the_message()
    {
        var server = Serve(Answers.Status(200, "not json", "application/" + Number.Substring(1)));
        using var service = Create(server);

        var failure = await Fails<MfaInvalidResponseException>(() => service.SendSmsCodeAsync(Requests.To), AnswerTimeout);

        Assert.That(failure.Message, Does.Contain("Content-Type: application/1"));
        AssertOneLine(failure);
    }

    /// <summary>No line break of the server's in the exception's texts or the call's log line (ToString's own stack-trace lines aside).</summary>
    private void AssertOneLine(MfaException failure)
    {
        foreach (var text in new[] { failure.Message, failure.ErrorText ?? "", failure.RequestId ?? "" })
        {
            Assert.That(text, Does.Not.Contain("\r").And.Not.Contain("\n"), text);
        }

        Assert.That(failure.ToString(), Does.Not.Contain("\nMFA verifyCode").And.Not.Contain("\nforged"));
        var line = CallLine();
        Assert.That(line.Message, Does.Not.Contain("\r").And.Not.Contain("\n"), line.Message);
        Assert.That(line.State.Select(v => v.Value?.ToString() ?? ""), Has.None.Contains("\n"));
    }
}
