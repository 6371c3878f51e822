using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Bandwidth.Mfa.Benchmarks.Baselines;

/// <summary>
/// Baseline (a): the three calls as a careful hand-writer would code them with Newtonsoft.Json on a shared
/// <see cref="HttpClient"/>: one cached settings object, the path segment escaped, headers-read completion, the request
/// and the response disposed, a non-success status thrown. No validation against the spec, no error-body parsing.
/// </summary>
public sealed class NewtonsoftMfaCalls
{
    private static readonly JsonSerializerSettings Settings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
    };

    private readonly HttpClient _http;

    public NewtonsoftMfaCalls(HttpClient http)
    {
        _http = http;
    }

    public Task<MessageSent> SendMessagingCodeAsync(string accountId, SendCodeBody body, CancellationToken cancellationToken = default)
        => PostAsync<MessageSent>("accounts/" + Uri.EscapeDataString(accountId) + "/code/messaging", body, cancellationToken);

    public Task<CallPlaced> SendVoiceCodeAsync(string accountId, SendCodeBody body, CancellationToken cancellationToken = default)
        => PostAsync<CallPlaced>("accounts/" + Uri.EscapeDataString(accountId) + "/code/voice", body, cancellationToken);

    public Task<Verification> VerifyCodeAsync(string accountId, VerifyBody body, CancellationToken cancellationToken = default)
        => PostAsync<Verification>("accounts/" + Uri.EscapeDataString(accountId) + "/code/verify", body, cancellationToken);

    private async Task<TResult> PostAsync<TResult>(string path, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Content = new StringContent(JsonConvert.SerializeObject(body, Settings), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return JsonConvert.DeserializeObject<TResult>(text, Settings)
            ?? throw new InvalidOperationException("The answer was JSON null.");
    }
}
