using System;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Bandwidth.Mfa.Benchmarks.Baselines;

/// <summary>
/// How a careful hand-writer does JSON with Newtonsoft.Json: one settings object and one serializer, the body as UTF-8
/// bytes with its Content-Type given as a plain value, the answer read as text by that serializer.
/// </summary>
public static class LeanJson
{
    public const string MediaType = "application/json";

    private static readonly UTF8Encoding Utf8 = new(false);

    public static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
    };

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(Settings);

    /// <summary>The body as <c>application/json</c> bytes.</summary>
    public static HttpContent Content(object body)
    {
        var content = new ByteArrayContent(Utf8.GetBytes(JsonConvert.SerializeObject(body, Settings)));
        content.Headers.TryAddWithoutValidation("Content-Type", MediaType);
        return content;
    }

    /// <summary>The answer as <typeparamref name="T"/>; JSON null is an error.</summary>
    public static async Task<T> ReadAsync<T>(HttpContent content, CancellationToken cancellationToken)
    {
        // A small answer: as text, then parsed by the one serializer (a StreamReader's buffers cost more than the string).
        var text = await content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new JsonTextReader(new StringReader(text));
        return Serializer.Deserialize<T>(reader) ?? throw new InvalidOperationException("The answer was JSON null.");
    }
}
