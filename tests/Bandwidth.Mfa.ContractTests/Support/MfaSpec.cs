using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using NSwag;

namespace Bandwidth.Mfa.ContractTests.Support;

/// <summary>A documented response of an operation: its status, the name of its body schema and the spec's example body.</summary>
public sealed record DocumentedResponse(string OperationId, int Status, string SchemaName, JToken Example)
{
    public override string ToString() => $"{OperationId} {Status}";
}

/// <summary>
/// What the tests read from <c>openapi/mfa.yml</c> (copied beside them) so that they follow the spec: the operations,
/// their documented responses and the examples Prism answers with.
/// </summary>
public static class MfaSpec
{
    private static readonly Lazy<OpenApiDocument> Document = new(() => OpenApiYamlDocument.FromFileAsync(FilePath).GetAwaiter().GetResult());

    /// <summary>The copy of the spec in the test output.</summary>
    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "openapi", "mfa.yml");

    /// <summary>The operation ids, in the order of the document.</summary>
    public static IReadOnlyList<string> OperationIds =>
        Document.Value.Paths.SelectMany(p => p.Value.Values).Select(o => o.OperationId).ToList();

    /// <summary>Every documented response of every operation with a status of <paramref name="minimum"/> or more.</summary>
    public static IEnumerable<DocumentedResponse> Responses(int minimum = 100)
    {
        foreach (var path in Document.Value.Paths)
        {
            foreach (var operation in path.Value.Values)
            {
                foreach (var (code, reference) in operation.Responses)
                {
                    if (!int.TryParse(code, out var status) || status < minimum)
                    {
                        continue;
                    }

                    var response = reference.ActualResponse;
                    var content = response.Content["application/json"];
                    yield return new DocumentedResponse(operation.OperationId, status, SchemaNameOf(content.Schema), ExampleOf(content));
                }
            }
        }
    }

    /// <summary>The documented response of <paramref name="operationId"/> with <paramref name="status"/>.</summary>
    public static DocumentedResponse Response(string operationId, int status) =>
        Responses().SingleOrDefault(r => r.OperationId == operationId && r.Status == status)
        ?? throw new InvalidOperationException($"openapi/mfa.yml documents no {status} response for {operationId}.");

    private static string SchemaNameOf(NJsonSchema.JsonSchema schema)
    {
        var actual = schema.ActualSchema;
        return Document.Value.Components.Schemas.Single(s => ReferenceEquals(s.Value, actual)).Key;
    }

    private static JToken ExampleOf(OpenApiMediaType content)
    {
        var example = content.Example ?? content.Schema.ActualSchema.Example;
        return example == null ? JValue.CreateNull() : JToken.FromObject(example);
    }
}
