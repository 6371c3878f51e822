using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using NSwag;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// Checks a captured request against <c>openapi/mfa.yml</c> (copied beside the tests): its method and path must be an
/// operation of the spec, its content type one that the operation accepts, and its body valid against the operation's
/// request schema (NJsonSchema). <see cref="MockMfa"/> runs it on every request it records, so a drift between the
/// generated DTOs and the document fails the unit tests without Node or Prism.
/// </summary>
public static class SpecConformance
{
    private static readonly Lazy<IReadOnlyList<SpecOperation>> Operations = new(Load);

    public static string SpecPath => Path.Combine(AppContext.BaseDirectory, "openapi", "mfa.yml");

    /// <summary>What is wrong with <paramref name="request"/> by the spec; empty when it conforms.</summary>
    /// <param name="request">A request as it reached the wire; the spec's paths may sit under any base path.</param>
    public static IReadOnlyList<string> Check(RecordedRequest request)
    {
        var path = new Uri(request.Uri).AbsolutePath;
        var operation = Operations.Value.FirstOrDefault(o => o.Matches(request.Method.Method, path));
        if (operation == null)
        {
            return new[] { $"{request.Method} {path} is not an operation of openapi/mfa.yml" };
        }

        return operation.CheckBody(request.ContentType, request.Body);
    }

    /// <summary>
    /// Records a failure of the current test, naming every problem, when <paramref name="request"/> breaks the spec. It
    /// does not throw: it runs inside a mocked handler, where an exception would stall the request instead of failing it.
    /// The test carries on and is reported failed when it ends.
    /// </summary>
    public static void RecordIfNonConforming(RecordedRequest request)
    {
        var problems = Check(request);
        if (problems.Count > 0)
        {
            TestExecutionContext.CurrentContext.CurrentResult.RecordAssertion(
                AssertionStatus.Failed,
                $"The client sent a request that openapi/mfa.yml does not allow: {string.Join("; ", problems)}. Body: {request.Body}",
                null);
        }
    }

    /// <summary>
    /// NJsonSchema counts maxLength/minLength in UTF-16 units; JSON Schema counts code points (an emoji is one). A length
    /// error that does not hold in code points is not a violation of the document.
    /// </summary>
    private static bool IsUtf16LengthArtefact(NJsonSchema.Validation.ValidationError error, string body)
    {
        if (error.Kind != NJsonSchema.Validation.ValidationErrorKind.StringTooLong && error.Kind != NJsonSchema.Validation.ValidationErrorKind.StringTooShort)
        {
            return false;
        }

        var path = (error.Path ?? string.Empty).TrimStart('#').TrimStart('/').Replace('/', '.');
        var value = Newtonsoft.Json.Linq.JToken.Parse(body).SelectToken(path)?.ToString();
        if (value is null || error.Schema is null)
        {
            return false;
        }

        var codePoints = value.Length - value.Where(char.IsLowSurrogate).Count(); // one per surrogate pair
        return codePoints <= (error.Schema.MaxLength ?? int.MaxValue) && codePoints >= (error.Schema.MinLength ?? 0);
    }

    private static IReadOnlyList<SpecOperation> Load()
    {
        var document = OpenApiYamlDocument.FromFileAsync(SpecPath).GetAwaiter().GetResult();
        return document.Paths
            .SelectMany(path => path.Value.Select(operation => new SpecOperation(path.Key, operation.Key, operation.Value)))
            .ToList();
    }

    private sealed class SpecOperation
    {
        private readonly string _method;
        private readonly Regex _path;
        private readonly OpenApiOperation _operation;

        public SpecOperation(string template, string method, OpenApiOperation operation)
        {
            _method = method;
            _operation = operation;
            var pattern = Regex.Replace(Regex.Escape(template), @"\\\{[^/]+?}", "[^/]+");
            _path = new Regex("^(/[^/]+)*" + pattern + "$", RegexOptions.CultureInvariant);
            Id = operation.OperationId;
        }

        public string Id { get; }

        public bool Matches(string method, string path) =>
            string.Equals(_method, method, StringComparison.OrdinalIgnoreCase) && _path.IsMatch(path);

        public IReadOnlyList<string> CheckBody(string? contentType, string? body)
        {
            var requestBody = _operation.RequestBody?.ActualRequestBody;
            if (requestBody == null)
            {
                return string.IsNullOrEmpty(body) ? Array.Empty<string>() : new[] { $"{Id} takes no body" };
            }

            if (body is null || body.Length == 0)
            {
                return requestBody.IsRequired ? new[] { $"{Id} requires a body" } : Array.Empty<string>();
            }

            var mediaType = contentType?.Split(';')[0].Trim();
            if (mediaType == null || !requestBody.Content.TryGetValue(mediaType, out var content))
            {
                return new[] { $"{Id} accepts {string.Join(", ", requestBody.Content.Keys)}, not '{contentType}'" };
            }

            return content.Schema.ActualSchema.Validate(body)
                .Where(error => !IsUtf16LengthArtefact(error, body))
                .Select(error => $"{Id} body: {error.Kind} at {(string.IsNullOrEmpty(error.Path) ? "#" : error.Path)}")
                .ToList();
        }
    }
}
