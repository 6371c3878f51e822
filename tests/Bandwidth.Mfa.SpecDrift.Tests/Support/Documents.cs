using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi.YamlReader;
using SharpYaml.Serialization;

namespace Bandwidth.Mfa.SpecDrift.Tests.Support;

/// <summary>The documents the tests write: <c>openapi/mfa.yml</c> as a JSON tree to change, and writers for JSON and YAML.</summary>
internal static class Documents
{
    public const string Messaging = "#/paths/~1accounts~1{accountId}~1code~1messaging/post";
    public const string Voice = "#/paths/~1accounts~1{accountId}~1code~1voice/post";
    public const string Verify = "#/paths/~1accounts~1{accountId}~1code~1verify/post";
    public const string MessagingLabel = "POST /accounts/{accountId}/code/messaging";
    public const string VoiceLabel = "POST /accounts/{accountId}/code/voice";
    public const string VerifyLabel = "POST /accounts/{accountId}/code/verify";

    /// <summary>The repository's root (where Bandwidth.Mfa.sln is).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Our document's path.</summary>
    public static string OursPath => Path.Combine(Root, "openapi", "mfa.yml");

    /// <summary>A fresh copy of our document as a JSON tree.</summary>
    public static JsonObject Ours() => (JsonObject)FromYaml(File.ReadAllText(OursPath));

    /// <summary>A YAML text as a JSON tree.</summary>
    public static JsonNode FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlConverter.ToJsonNode(stream.Documents[0])!;
    }

    /// <summary>A JSON tree as YAML text.</summary>
    public static string ToYaml(JsonNode node)
    {
        var stream = new YamlStream(new YamlDocument(YamlConverter.ToYamlNode(node)));
        using var writer = new StringWriter();
        stream.Save(writer);
        return writer.ToString();
    }

    /// <summary>A JSON tree as indented JSON text.</summary>
    public static string ToJson(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>The node at a JSON pointer (<c>#/components/schemas/CodeRequest</c>).</summary>
    public static JsonObject At(JsonNode root, string pointer)
    {
        var node = root;
        foreach (var segment in pointer.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node![segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)];
        }

        return (JsonObject)node!;
    }

    /// <summary>The same tree with every object's keys in reverse order.</summary>
    public static JsonNode Reordered(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Reverse().Select(p => new System.Collections.Generic.KeyValuePair<string, JsonNode?>(p.Key, p.Value is null ? null : Reordered(p.Value)))),
        JsonArray array => new JsonArray(array.Select(item => item is null ? null : Reordered(item)).ToArray()),
        _ => node.DeepClone(),
    };

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Bandwidth.Mfa.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Bandwidth.Mfa.sln) was not found above " + AppContext.BaseDirectory);
    }
}
