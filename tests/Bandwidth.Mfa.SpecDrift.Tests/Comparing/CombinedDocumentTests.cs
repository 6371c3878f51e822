using System.Linq;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Bandwidth.Mfa.SpecDrift.Reading;
using Bandwidth.Mfa.SpecDrift.Tests.Support;
using NUnit.Framework;
using static Bandwidth.Mfa.SpecDrift.Tests.Support.Documents;

namespace Bandwidth.Mfa.SpecDrift.Tests.Comparing;

/// <summary>The vendor's combined document: the MFA operations among other products', found by path and method.</summary>
public sealed class CombinedDocumentTests
{
    /// <summary>
    /// Our operations inside a document shaped like the vendor's: other products' paths and components around them,
    /// other component names, servers on each path instead of the document, operation ids and tags of its own.
    /// </summary>
    private static JsonObject Combined()
    {
        var text = ToJson(Ours());
        foreach (var name in new[] { "CodeRequest", "VerifyCodeRequest", "MessagingCodeResponse", "VoiceCodeResponse", "VerifyCodeResponse", "MfaRequestError", "MfaUnauthorizedRequestError", "MfaForbiddenRequestError" })
        {
            text = text.Replace($"\"{name}\"", $"\"{char.ToLowerInvariant(name[0])}{name[1..]}\"", System.StringComparison.Ordinal)
                .Replace($"/{name}\"", $"/{char.ToLowerInvariant(name[0])}{name[1..]}\"", System.StringComparison.Ordinal);
        }

        var document = (JsonObject)JsonNode.Parse(text)!;
        var servers = document["servers"]!;
        document.Remove("servers");
        document["info"] = new JsonObject { ["title"] = "Bandwidth", ["version"] = "1.0.0" };
        var paths = At(document, "#/paths");
        foreach (var (_, item) in paths.ToList())
        {
            item!["servers"] = servers.DeepClone();
            item["post"]!["operationId"] = "x" + item["post"]!["operationId"];
            item["post"]!["tags"] = new JsonArray("Multi-Factor Authentication");
        }

        var messaging = new JsonObject { ["url"] = "https://messaging.bandwidth.com/api/v2" };
        paths["/users/{accountId}/messages"] = new JsonObject
        {
            ["servers"] = new JsonArray(messaging),
            ["post"] = new JsonObject
            {
                ["operationId"] = "createMessage",
                ["requestBody"] = new JsonObject { ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/messageRequest" } } } },
                ["responses"] = new JsonObject { ["202"] = new JsonObject { ["description"] = "Accepted" } },
            },
        };
        paths["/accounts/{accountId}/calls"] = new JsonObject
        {
            ["get"] = new JsonObject
            {
                ["operationId"] = "listCalls",
                // Another product's broken reference is never read.
                ["responses"] = new JsonObject { ["200"] = new JsonObject { ["$ref"] = "#/components/responses/doesNotExist" } },
            },
        };
        At(document, "#/components/schemas")["messageRequest"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "string" } } };
        return document;
    }

    [Test]
    public async Task Our_operations_inside_the_vendors_combined_YAML_document_have_no_difference()
    {
        var result = await DriftRun.CompareAsync(Combined(), yaml: true);

        Assert.That(DriftRun.Lines(result), Is.Empty, DriftRun.Describe(result));
        Assert.That(result.Operations.Select(o => o.Vendor), Is.EqualTo(new[] { MessagingLabel, VoiceLabel, VerifyLabel }));
    }

    [Test]
    public async Task The_vendors_anchors_and_aliases_are_read()
    {
        // As in the vendor's file: the MFA servers written once with an anchor, and an alias on every MFA path.
        var document = Combined();
        foreach (var (path, item) in At(document, "#/paths").Where(p => p.Key.Contains("/code/", System.StringComparison.Ordinal)))
        {
            item!["servers"] = "MFA-SERVERS-ALIAS";
        }

        var aliased = Regex.Replace(ToYaml(document), "servers: ['\"]?MFA-SERVERS-ALIAS['\"]?", "servers: *mfa");
        var yaml = "x-mfa-servers: &mfa\n- url: https://mfa.bandwidth.com/api/v1\n  description: Production\n" + aliased;
        Assert.That(Regex.Matches(yaml, @"servers: \*mfa"), Has.Count.EqualTo(3), yaml);
        using var folder = new TempFolder();

        var result = await DriftRun.CompareFilesAsync(OursPath, folder.Write("bandwidth.yml", yaml));

        Assert.That(DriftRun.Lines(result), Is.Empty, DriftRun.Describe(result));
    }

    [Test]
    public async Task A_new_path_beside_the_MFA_paths_is_a_new_capability()
    {
        var vendor = Combined();
        At(vendor, "#/paths")["/accounts/{accountId}/code/email"] = At(vendor, "#/paths/~1accounts~1{accountId}~1code~1messaging").DeepClone();

        var result = await DriftRun.CompareAsync(vendor);

        const string Email = "#/paths/~1accounts~1{accountId}~1code~1email/post";
        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"NewCapability | {Email} (absent) | {Email}" }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_base_path_moved_from_the_server_into_the_paths_is_no_difference()
    {
        var vendor = Ours();
        vendor["servers"] = new JsonArray(new JsonObject { ["url"] = "https://MFA.bandwidth.com:443/" });
        var paths = At(vendor, "#/paths");
        foreach (var (path, item) in paths.ToList())
        {
            paths.Remove(path);
            paths["/api/v1" + path] = item;
        }

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.Empty, DriftRun.Describe(result));
        Assert.That(result.Operations[0].Vendor, Is.EqualTo("POST /api/v1/accounts/{accountId}/code/messaging"));
    }

    [Test]
    public async Task A_new_version_in_the_server_is_one_incompatible_line_and_another_server_a_new_capability()
    {
        var moved = Ours();
        moved["servers"] = new JsonArray(new JsonObject { ["url"] = "https://mfa.bandwidth.com/api/v2" });
        var added = Ours();
        added["servers"]!.AsArray().Add(new JsonObject { ["url"] = "https://mfa.eu.bandwidth.com/api/v1" });

        var movedResult = await DriftRun.CompareAsync(moved);
        var addedResult = await DriftRun.CompareAsync(added);

        Assert.That(DriftRun.Lines(movedResult), Is.EqualTo(new[] { "Incompatible | #/servers/0 | #/servers (absent)" }), DriftRun.Describe(movedResult));
        Assert.That(movedResult.Differences[0].Operations, Has.Count.EqualTo(3));
        Assert.That(DriftRun.Lines(addedResult), Is.EqualTo(new[] { "NewCapability | #/servers (absent) | #/servers/1" }), DriftRun.Describe(addedResult));
    }

    [Test]
    public async Task A_path_the_vendor_removed_is_incompatible()
    {
        var vendor = Ours();
        At(vendor, "#/paths").Remove("/accounts/{accountId}/code/voice");

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[] { $"Incompatible | {Voice} | {Voice} (absent)" }), DriftRun.Describe(result));
        Assert.That(result.Operations.Single(o => o.Ours == VoiceLabel).Vendor, Is.Null);
    }

    [Test]
    public async Task An_OpenAPI_3_1_document_is_compared_like_a_3_0_one()
    {
        var vendor = Ours();
        vendor["openapi"] = "3.1.0";
        At(vendor, "#/components/schemas/VoiceCodeResponse/properties/callId")["type"] = new JsonArray("string", "null");
        At(vendor, "#/components/schemas/VerifyCodeRequest/properties/expirationTimeInMinutes").Remove("minimum");
        At(vendor, "#/components/schemas/VerifyCodeRequest/properties/expirationTimeInMinutes")["exclusiveMinimum"] = 0;

        var result = await DriftRun.CompareAsync(vendor);

        Assert.That(DriftRun.Lines(result), Is.EqualTo(new[]
        {
            "Incompatible | #/components/schemas/VoiceCodeResponse/properties/callId/type | #/components/schemas/VoiceCodeResponse/properties/callId/type",
            "OursStricter | #/components/schemas/VerifyCodeRequest/properties/expirationTimeInMinutes/minimum | #/components/schemas/VerifyCodeRequest/properties/expirationTimeInMinutes/exclusiveMinimum",
        }), DriftRun.Describe(result));
    }

    [Test]
    public async Task A_document_without_the_MFA_paths_cannot_be_used()
    {
        var vendor = Combined();
        foreach (var path in At(vendor, "#/paths").Select(p => p.Key).Where(p => p.Contains("/code/", System.StringComparison.Ordinal)).ToList())
        {
            At(vendor, "#/paths").Remove(path);
        }

        var exception = await Assert.ThrowsAsync<SpecReadException>(() => DriftRun.CompareAsync(vendor));

        Assert.That(exception!.Message, Does.StartWith("vendor.json: cannot be used: it has none of the paths of mfa.yml"));
    }
}
