using System;
using System.Collections.Generic;
using System.Net;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Validation;

/// <summary>
/// Every constraint of the spec at and just past its bounds: a valid value goes out, an invalid one fails with the
/// field and the rule named and no HTTP request at all.
/// </summary>
public class RequestValidationTests
{
    private MockMfa _mock = null!;

    [SetUp]
    public void SetUp() => _mock = new MockMfa()
        .Answer("/code/messaging", HttpStatusCode.OK, "{\"messageId\":\"m-1\"}")
        .Answer("/code/voice", HttpStatusCode.OK, "{\"callId\":\"c-1\"}")
        .Answer("/code/verify", HttpStatusCode.OK, "{\"valid\":true}");

    [TearDown]
    public void TearDown() => _mock.Dispose();

    private const string Emoji = "\U0001F600";

    private static string Digits(int n) => new('7', n);

    private static string Template(int length) => "{CODE}" + new string('x', length - "{CODE}".Length);

    public static IEnumerable<TestCaseData> CodeRequestCases()
    {
        // (change, field or null when valid, fragment of the rule)
        yield return Case("to +12 (shortest E.164)", r => r.To = "+12", null, null);
        yield return Case("to +1 (too short)", r => r.To = "+1", "to", "must match the pattern");
        yield return Case("to with 15 digits", r => r.To = "+" + "1" + Digits(14), null, null);
        yield return Case("to with 16 digits", r => r.To = "+" + "1" + Digits(15), "to", "E.164");
        yield return Case("to without +", r => r.To = "19195551234", "to", "must match the pattern");
        yield return Case("to starting +0", r => r.To = "+09195551234", "to", "must match the pattern");
        yield return Case("to empty", r => r.To = "", "to", "is required");
        yield return Case("to null", r => r.To = null!, "to", "is required");
        yield return Case("from not E.164", r => r.From = "9195554321", "from", "must match the pattern");
        yield return Case("from null", r => r.From = null!, "from", "is required");
        yield return Case("applicationId 50 chars", r => r.ApplicationId = new string('a', 50), null, null);
        yield return Case("applicationId 51 chars", r => r.ApplicationId = new string('a', 51), "applicationId", "at most 50 characters");
        yield return Case("applicationId blank", r => r.ApplicationId = "  ", "applicationId", "is required");
        yield return Case("applicationId null", r => r.ApplicationId = null!, "applicationId", "is required");
        yield return Case("scope 25 chars", r => r.Scope = new string('s', 25), null, null);
        yield return Case("scope 26 chars", r => r.Scope = new string('s', 26), "scope", "at most 25 characters");
        yield return Case("message 2048 chars", r => r.Message = Template(2048), null, null);
        yield return Case("message 2049 chars", r => r.Message = Template(2049), "message", "at most 2048 characters");
        yield return Case("message without {CODE}", r => r.Message = "Your code is {code}", "message", "must contain the {CODE} placeholder");
        yield return Case("message null", r => r.Message = null!, "message", "is required");
        // JSON Schema counts code points: an emoji (a surrogate pair, two UTF-16 units) is one character.
        yield return Case("message 2048 code points with an emoji (2049 UTF-16 units)", r => r.Message = Template(2047) + Emoji, null, null);
        yield return Case("message 2049 code points with an emoji", r => r.Message = Template(2048) + Emoji, "message", "at most 2048 characters long (it has 2049)");
        yield return Case("message of 2048 emoji and {CODE} (2054 code points, 4102 UTF-16 units)", r => r.Message = "{CODE}" + string.Concat(System.Linq.Enumerable.Repeat(Emoji, 2048)), "message", "(it has 2054)");
        yield return Case("applicationId 50 code points with an emoji", r => r.ApplicationId = new string('a', 49) + Emoji, null, null);
        yield return Case("applicationId 51 code points with an emoji", r => r.ApplicationId = new string('a', 50) + Emoji, "applicationId", "at most 50 characters long (it has 51)");
        yield return Case("scope 25 code points of emoji (50 UTF-16 units)", r => r.Scope = string.Concat(System.Linq.Enumerable.Repeat(Emoji, 25)), null, null);
        yield return Case("scope 26 code points of emoji", r => r.Scope = string.Concat(System.Linq.Enumerable.Repeat(Emoji, 26)), "scope", "at most 25 characters long (it has 26)");
        yield return Case("from with an emoji (the pattern refuses it, whatever its length)", r => r.From = "+1919555432" + Emoji, "from", "must match the pattern");
        yield return Case("digits 3", r => r.Digits = 3, "digits", "between 4 and 8");
        yield return Case("digits 4", r => r.Digits = 4, null, null);
        yield return Case("digits 8", r => r.Digits = 8, null, null);
        yield return Case("digits 9", r => r.Digits = 9, "digits", "between 4 and 8");

        static TestCaseData Case(string name, Action<CodeRequest> change, string? field, string? rule) =>
            new TestCaseData(change, field, rule).SetName("CodeRequest " + name);
    }

    public static IEnumerable<TestCaseData> VerifyRequestCases()
    {
        yield return Case("expiration 0", r => r.ExpirationTimeInMinutes = 0, "expirationTimeInMinutes", "between 1 and 15");
        yield return Case("expiration 0.99", r => r.ExpirationTimeInMinutes = 0.99, "expirationTimeInMinutes", "between 1 and 15");
        yield return Case("expiration 1", r => r.ExpirationTimeInMinutes = 1, null, null);
        yield return Case("expiration 15", r => r.ExpirationTimeInMinutes = 15, null, null);
        yield return Case("expiration 15.01", r => r.ExpirationTimeInMinutes = 15.01, "expirationTimeInMinutes", "between 1 and 15");
        yield return Case("expiration 16", r => r.ExpirationTimeInMinutes = 16, "expirationTimeInMinutes", "between 1 and 15");
        yield return Case("expiration NaN", r => r.ExpirationTimeInMinutes = double.NaN, "expirationTimeInMinutes", "between 1 and 15");
        yield return Case("code 3 chars", r => r.Code = "123", "code", "4 to 8 characters");
        yield return Case("code 4 chars", r => r.Code = "1234", null, null);
        yield return Case("code 8 chars", r => r.Code = "12345678", null, null);
        yield return Case("code 9 chars", r => r.Code = "123456789", "code", "4 to 8 characters");
        yield return Case("code null", r => r.Code = null!, "code", "is required");
        yield return Case("code 8 code points with an emoji (9 UTF-16 units)", r => r.Code = "1234567" + Emoji, null, null);
        yield return Case("code 9 code points with an emoji", r => r.Code = "12345678" + Emoji, "code", "4 to 8 characters long (it has 9)");
        yield return Case("code 4 code points with an emoji (5 UTF-16 units)", r => r.Code = "123" + Emoji, null, null);
        yield return Case("code 3 code points with an emoji (4 UTF-16 units)", r => r.Code = "12" + Emoji, "code", "4 to 8 characters long (it has 3)");
        yield return Case("to not E.164", r => r.To = "+1-919-555-1234", "to", "must match the pattern");
        yield return Case("scope long (no limit published)", r => r.Scope = new string('s', 100), null, null);

        static TestCaseData Case(string name, Action<VerifyCodeRequest> change, string? field, string? rule) =>
            new TestCaseData(change, field, rule).SetName("VerifyCodeRequest " + name);
    }

    [TestCaseSource(nameof(CodeRequestCases))]
    public async Task Messaging_request_constraint(Action<CodeRequest> change, string? field, string? rule)
    {
        var request = Requests.Code();
        change(request);
        await AssertOutcome(() => _mock.CreateClient().GenerateMessagingCodeAsync(MockMfa.AccountId, request), field, rule);
    }

    [TestCaseSource(nameof(CodeRequestCases))]
    public async Task Voice_request_constraint(Action<CodeRequest> change, string? field, string? rule)
    {
        var request = Requests.Code();
        change(request);
        await AssertOutcome(() => _mock.CreateClient().GenerateVoiceCodeWithHttpInfoAsync(MockMfa.AccountId, request), field, rule);
    }

    [TestCaseSource(nameof(VerifyRequestCases))]
    public async Task Verify_request_constraint(Action<VerifyCodeRequest> change, string? field, string? rule)
    {
        var request = Requests.Verify();
        change(request);
        await AssertOutcome(() => _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, request), field, rule);
    }

    [TestCase("")]
    [TestCase("   ")]
    public async Task A_blank_account_id_is_rejected_before_sending(string accountId)
    {
        var ex = await Assert.ThrowsAsync<MfaRequestValidationException>(() => _mock.CreateClient().VerifyCodeAsync(accountId, Requests.Verify()));

        Assert.That(ex!.ParamName, Is.EqualTo("accountId"));
        Assert.That(ex.Rule, Does.Contain("must not be null, empty or blank"));
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    [Test]
    public async Task A_null_account_id_or_body_names_the_parameter_before_sending()
    {
        var client = _mock.CreateClient();

        var noAccount = await Assert.ThrowsAsync<ArgumentNullException>(() => client.GenerateMessagingCodeAsync(null!, Requests.Code()));
        var noBody = await Assert.ThrowsAsync<ArgumentNullException>(() => client.VerifyCodeAsync(MockMfa.AccountId, null!));

        Assert.That(noAccount!.ParamName, Is.EqualTo("accountId"));
        Assert.That(noBody!.ParamName, Is.EqualTo("body"));
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    [TestCase("9195551234", "123456", "to")]
    [TestCase("+19195551234", "12", "code")]
    public async Task The_short_verify_call_validates_too(string to, string code, string field)
    {
        using var service = MfaService.Create(new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "t", Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } }, _mock.Handler);

        var ex = await Assert.ThrowsAsync<MfaRequestValidationException>(() => service.VerifyCodeAsync(to, code));

        Assert.That(ex!.Field, Is.EqualTo(field));
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    [Test]
    public async Task The_short_send_call_validates_overrides_too()
    {
        var options = new MfaOptions { BaseUrl = new Uri(MockMfa.BaseUrl), AccountId = MockMfa.AccountId, AccessToken = "t", Messaging = { From = Requests.From, ApplicationId = Requests.ApplicationId } };
        options.Messaging.From = Requests.From;
        options.Messaging.ApplicationId = Requests.ApplicationId;
        using var service = MfaService.Create(options, _mock.Handler);

        var ex = await Assert.ThrowsAsync<MfaRequestValidationException>(() => service.SendSmsCodeAsync(Requests.To, overrides: new MfaSendOverrides { Digits = 9 }));

        Assert.That(ex!.Field, Is.EqualTo("digits"));
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    [Test]
    public async Task A_validation_message_never_repeats_the_code()
    {
        var request = Requests.Verify(code: "987654321");

        var ex = await Assert.ThrowsAsync<MfaRequestValidationException>(() => _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, request));

        Assert.That(ex!.Message, Does.Not.Contain("987654321"));
        Assert.That(ex.ToString(), Does.Not.Contain("987654321"));
    }

    [TestCase("+19195551234\n")]
    [TestCase("+1٩١٩٥٥٥١٢٣٤")]
    public async Task A_number_with_a_trailing_newline_or_non_ascii_digits_is_not_e164(string to)
    {
        var ex = await Assert.ThrowsAsync<MfaRequestValidationException>(() => _mock.CreateClient().VerifyCodeAsync(MockMfa.AccountId, Requests.Verify().With(r => r.To = to)));

        Assert.That(ex!.Field, Is.EqualTo("to"));
        Assert.That(_mock.RequestCount, Is.Zero);
    }

    private async Task AssertOutcome(Func<Task> call, string? field, string? rule)
    {
        if (field is null)
        {
            await call();
            Assert.That(_mock.RequestCount, Is.EqualTo(1), "a valid request is sent");
            return;
        }

        var ex = await Assert.ThrowsAsync<MfaRequestValidationException>(() => call());
        Assert.That(ex!.Field, Is.EqualTo(field));
        Assert.That(ex.ParamName, Is.EqualTo(field));
        Assert.That(ex.Message, Does.Contain("'" + field + "'").And.Contain(rule!));
        Assert.That(_mock.RequestCount, Is.Zero, "nothing was sent");
    }
}
