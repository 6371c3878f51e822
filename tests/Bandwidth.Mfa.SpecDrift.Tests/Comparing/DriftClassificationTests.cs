using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Tests.Support;
using NUnit.Framework;
using static Bandwidth.Mfa.SpecDrift.Tests.Support.Documents;

namespace Bandwidth.Mfa.SpecDrift.Tests.Comparing;

/// <summary>Each document the tests write gives exactly its expected differences, classes and pointers.</summary>
public sealed class DriftClassificationTests
{
    private const string CodeRequest = "#/components/schemas/CodeRequest";
    private const string VerifyResponse = "#/components/schemas/VerifyCodeResponse";

    [Test]
    public async Task The_same_document_as_reordered_JSON_with_other_wording_and_names_has_no_difference()
    {
        var vendor = Ours();
        // Wording and names are not differences: other descriptions, no examples, a renamed schema, an inlined parameter.
        At(vendor, "#/components/schemas/CodeRequest/properties/to")["description"] = "Another wording.";
        At(vendor, "#/components/schemas/CodeRequest/properties/to").Remove("example");
        At(vendor, "#/info")["title"] = "Another title";
        var text = ToJson(vendor).Replace("#/components/schemas/CodeRequest\"", "#/components/schemas/codeRequest\"", System.StringComparison.Ordinal);
        vendor = (JsonObject)JsonNode.Parse(text)!;
        var schemas = At(vendor, "#/components/schemas");
        var codeRequest = schemas["CodeRequest"]!;
        schemas.Remove("CodeRequest");
        schemas["codeRequest"] = codeRequest;
        At(vendor, Verify)["parameters"] = new JsonArray(At(vendor, "#/components/parameters/AccountId").DeepClone());
        // A pattern written differently that accepts the same strings.
        At(vendor, "#/components/schemas/VerifyCodeRequest/properties/to")["pattern"] = "^[+][1-9][0-9]{1,14}$";

        var result = await DriftRun.CompareAsync(Reordered(vendor));

        Assert.That(DriftRun.Lines(result), Is.Empty, DriftRun.Describe(result));
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(result.Operations.Select(o => o.Vendor), Is.EqualTo(new[] { MessagingLabel, VoiceLabel, VerifyLabel }));
    }

    [Test]
    public async Task An_added_optional_request_field_is_a_new_capability_of_both_sends()
    {
        var vendor = Ours();
        At(vendor, CodeRequest + "/properties")["locale"] = new JsonObject { ["type"] = "string", ["maxLength"] = 10 };

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"NewCapability | {CodeRequest}/properties/locale (absent) | {CodeRequest}/properties/locale" }), DriftRun.Describe(result));
        Assert.That(result.Differences[0].Operations, Is.EqualTo(new[] { MessagingLabel, VoiceLabel }));
        Assert.That(result.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task An_added_required_request_field_is_incompatible()
    {
        var vendor = Ours();
        At(vendor, CodeRequest + "/properties")["locale"] = new JsonObject { ["type"] = "string" };
        At(vendor, CodeRequest)["required"]!.AsArray().Add("locale");

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"Incompatible | {CodeRequest}/properties/locale (absent) | {CodeRequest}/properties/locale" }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_response_field_the_vendor_removed_is_ours_looser_when_ours_has_it_optional()
    {
        var vendor = Ours();
        At(vendor, "#/components/schemas/MessagingCodeResponse/properties").Remove("messageId");

        var result = await DriftRun.CompareAsync(vendor);

        const string Field = "#/components/schemas/MessagingCodeResponse/properties/messageId";
        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"OursLooser | {Field} | {Field} (absent)" }), DriftRun.Describe(result));
        Assert.That(result.Differences[0].Operations, Is.EqualTo(new[] { MessagingLabel }));
        Assert.That(result.ExitCode, Is.Zero);
    }

    [Test]
    public async Task A_response_field_the_vendor_removed_is_incompatible_when_ours_requires_it()
    {
        var ours = Ours();
        At(ours, VerifyResponse)["required"] = new JsonArray("valid");
        var vendor = Ours();
        At(vendor, VerifyResponse + "/properties").Remove("valid");

        var result = await DriftRun.CompareAsync(vendor, ours);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"Incompatible | {VerifyResponse}/properties/valid | {VerifyResponse}/properties/valid (absent)" }), DriftRun.Describe(result));
        Assert.That(result.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task A_response_field_the_vendor_made_required_is_ours_looser()
    {
        var vendor = Ours();
        At(vendor, VerifyResponse)["required"] = new JsonArray("valid");

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"OursLooser | {VerifyResponse}/properties/valid | {VerifyResponse}/properties/valid" }), DriftRun.Describe(result));
        Assert.That(result.ExitCode, Is.Zero);
    }

    [Test]
    public async Task A_request_field_the_vendor_made_optional_is_ours_stricter()
    {
        var vendor = Ours();
        At(vendor, CodeRequest)["required"] = new JsonArray("to", "from", "applicationId", "message");

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"OursStricter | {CodeRequest}/properties/digits | {CodeRequest}/properties/digits" }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_tighter_request_pattern_is_incompatible_and_names_a_number_the_vendor_refuses()
    {
        var vendor = Ours();
        At(vendor, CodeRequest + "/properties/to")["pattern"] = @"^\+1\d{10}$";

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"Incompatible | {CodeRequest}/properties/to/pattern | {CodeRequest}/properties/to/pattern" }), DriftRun.Describe(result));
        Assert.That(result.Differences[0].What, Does.Contain("ours accepts `+00`, the vendor's does not").Or.Contain("ours accepts `+"));
        Assert.That(result.Differences[0].What, Does.Not.Contain("the vendor's accepts"));
    }

    [Test]
    public async Task A_looser_request_pattern_is_ours_stricter()
    {
        var vendor = Ours();
        At(vendor, CodeRequest + "/properties/to")["pattern"] = @"^\+[1-9]\d{1,19}$";

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"OursStricter | {CodeRequest}/properties/to/pattern | {CodeRequest}/properties/to/pattern" }), DriftRun.Describe(result));
        Assert.That(result.Differences[0].What, Does.Contain("the vendor's accepts `+1000000000000000`, ours does not"));
        Assert.That(result.ExitCode, Is.Zero);
    }

    [Test]
    public async Task A_looser_answer_pattern_is_ours_stricter_and_a_tighter_one_ours_looser()
    {
        var looser = Ours();
        At(looser, "#/components/schemas/MessagingCodeResponse/properties/messageId")["pattern"] = "^[a-z0-9]+$";
        var ours = Ours();
        At(ours, "#/components/schemas/MessagingCodeResponse/properties/messageId")["pattern"] = "^[a-z0-9]{30}$";
        const string Pattern = "#/components/schemas/MessagingCodeResponse/properties/messageId/pattern";

        var vendorLooser = await DriftRun.CompareAsync(looser, ours);
        var vendorTighter = await DriftRun.CompareAsync(ours, looser);

        Assert.That(DriftRun.Lines(vendorLooser), Is.EqualTo(new[] { $"OursStricter | {Pattern} | {Pattern}" }), DriftRun.Describe(vendorLooser));
        Assert.That(DriftRun.Lines(vendorTighter), Is.EqualTo(new[] { $"OursLooser | {Pattern} | {Pattern}" }), DriftRun.Describe(vendorTighter));
    }

    [Test]
    public async Task A_wider_request_range_is_ours_stricter_and_a_narrower_length_incompatible()
    {
        var vendor = Ours();
        At(vendor, CodeRequest + "/properties/digits")["minimum"] = 2;
        At(vendor, CodeRequest + "/properties/message")["maxLength"] = 160;

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[]
        {
            $"Incompatible | {CodeRequest}/properties/message/maxLength | {CodeRequest}/properties/message/maxLength",
            $"OursStricter | {CodeRequest}/properties/digits/minimum | {CodeRequest}/properties/digits/minimum",
        }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_new_error_status_is_a_new_capability_and_a_new_success_status_incompatible()
    {
        var vendor = Ours();
        At(vendor, Verify + "/responses")["404"] = new JsonObject { ["description"] = "No such account." };
        At(vendor, Voice + "/responses")["202"] = new JsonObject { ["description"] = "Accepted." };

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[]
        {
            $"Incompatible | {Voice}/responses/202 (absent) | {Voice}/responses/202",
            $"NewCapability | {Verify}/responses/404 (absent) | {Verify}/responses/404",
        }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_status_the_vendor_no_longer_documents_is_ours_looser()
    {
        var vendor = Ours();
        At(vendor, Verify + "/responses").Remove("429");

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"OursLooser | {Verify}/responses/429 | {Verify}/responses/429 (absent)" }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_new_operation_on_the_same_path_is_a_new_capability()
    {
        var vendor = Ours();
        At(vendor, "#/paths/~1accounts~1{accountId}~1code~1verify")["get"] = new JsonObject
        {
            ["operationId"] = "listVerifications",
            ["parameters"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/parameters/AccountId" }),
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "The verifications." } },
        };

        var result = await DriftRun.CompareAsync(vendor);

        const string Get = "#/paths/~1accounts~1{accountId}~1code~1verify/get";
        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"NewCapability | {Get} (absent) | {Get}" }), DriftRun.Describe(result));
        Assert.That(result.Differences[0].Operations, Is.EqualTo(new[] { "GET /accounts/{accountId}/code/verify" }));
    }

    [Test]
    public async Task A_changed_token_url_is_one_incompatible_line_for_the_three_operations()
    {
        var vendor = Ours();
        At(vendor, "#/components/securitySchemes/OAuth2/flows/clientCredentials")["tokenUrl"] = "https://id.bandwidth.com/api/v1/oauth2/token";

        var result = await DriftRun.CompareAsync(vendor);

        const string TokenUrl = "#/components/securitySchemes/OAuth2/flows/clientCredentials/tokenUrl";
        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"Incompatible | {TokenUrl} | {TokenUrl}" }), DriftRun.Describe(result));
        Assert.That(result.Differences[0].Operations, Is.EqualTo(new[] { MessagingLabel, VerifyLabel, VoiceLabel }));
    }

    [Test]
    public async Task A_scheme_the_vendor_no_longer_accepts_is_incompatible_and_a_new_one_a_new_capability()
    {
        var vendor = Ours();
        At(vendor, "#/components/securitySchemes")["ApiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" };
        vendor["security"] = new JsonArray(new JsonObject { ["OAuth2"] = new JsonArray() }, new JsonObject { ["ApiKey"] = new JsonArray() });

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[]
        {
            "Incompatible | #/security/0 | #/security (absent)",
            "NewCapability | #/security (absent) | #/security/1",
        }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_renamed_security_scheme_with_the_same_definition_is_no_difference()
    {
        var vendor = (JsonObject)JsonNode.Parse(ToJson(Ours()).Replace("\"Basic\"", "\"basicAuth\"", System.StringComparison.Ordinal))!;

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.Empty, DriftRun.Describe(result));
    }

    [Test]
    public async Task A_nullable_answer_field_is_incompatible_and_a_nullable_request_field_ours_stricter()
    {
        var vendor = Ours();
        At(vendor, "#/components/schemas/VoiceCodeResponse/properties/callId")["nullable"] = true;
        At(vendor, CodeRequest + "/properties/scope")["nullable"] = true;

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[]
        {
            "Incompatible | #/components/schemas/VoiceCodeResponse/properties/callId/type | #/components/schemas/VoiceCodeResponse/properties/callId/type",
            $"OursStricter | {CodeRequest}/properties/scope/type | {CodeRequest}/properties/scope/type",
        }), DriftRun.Describe(result));
    }

    [Test]
    public async Task Enum_values_the_vendor_adds_are_new_on_a_request_and_incompatible_on_an_answer()
    {
        var ours = Ours();
        At(ours, CodeRequest + "/properties/scope")["enum"] = new JsonArray("2FA", "login");
        At(ours, "#/components/schemas/MfaRequestError/properties/error")["enum"] = new JsonArray("Internal Error");
        var vendor = JsonNode.Parse(ToJson(ours))!;
        At(vendor, CodeRequest + "/properties/scope")["enum"]!.AsArray().Add("reset");
        At(vendor, "#/components/schemas/MfaRequestError/properties/error")["enum"]!.AsArray().Add("Throttled");

        var result = await DriftRun.CompareAsync(vendor, ours);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[]
        {
            "Incompatible | #/components/schemas/MfaRequestError/properties/error/enum | #/components/schemas/MfaRequestError/properties/error/enum",
            $"NewCapability | {CodeRequest}/properties/scope/enum | {CodeRequest}/properties/scope/enum",
        }), DriftRun.Describe(result));
    }

    [Test]
    public async Task An_allOf_that_composes_the_same_object_is_no_difference_and_a_new_oneOf_branch_is_reviewed()
    {
        var vendor = Ours();
        var schemas = At(vendor, "#/components/schemas");
        var request = (JsonObject)schemas["VerifyCodeRequest"]!.DeepClone();
        var properties = request["properties"]!.AsObject();
        var code = properties["code"]!.DeepClone();
        properties.Remove("code");
        request["required"] = new JsonArray("to", "expirationTimeInMinutes");
        schemas["VerifyCodeRequestBase"] = request;
        schemas["VerifyCodeRequest"] = new JsonObject
        {
            ["allOf"] = new JsonArray(
                new JsonObject { ["$ref"] = "#/components/schemas/VerifyCodeRequestBase" },
                new JsonObject { ["type"] = "object", ["required"] = new JsonArray("code"), ["properties"] = new JsonObject { ["code"] = code } }),
        };
        // additionalProperties: false stays on the base, which now lists three of the four fields: the merged view keeps it.

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.Empty, DriftRun.Describe(result));
    }
}
