using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>A request as it reached the wire: read once, so tests can assert on it after the call returned.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    string Uri,
    string? Body,
    string? ContentType,
    string? Accept,
    string? Authorization,
    IReadOnlyDictionary<string, string> Headers)
{
    public static async Task<RecordedRequest> FromAsync(HttpRequestMessage request)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync();
        var headers = request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value));
        return new RecordedRequest(
            request.Method,
            request.RequestUri!.AbsoluteUri,
            body,
            request.Content?.Headers.ContentType?.ToString(),
            request.Headers.Accept.ToString(),
            request.Headers.Authorization?.ToString(),
            headers);
    }
}
