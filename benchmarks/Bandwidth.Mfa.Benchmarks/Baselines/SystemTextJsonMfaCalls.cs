using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.Baselines;

/// <summary>
/// Baseline (b), the practical floor: the same calls with System.Text.Json source generation. The body is serialized to
/// UTF-8 bytes up front (not <c>JsonContent</c>, which would go out chunked, without the Content-Length that the other
/// two send) and the answer is parsed straight from the response stream.
/// </summary>
public sealed class SystemTextJsonMfaCalls
{
    private readonly HttpClient _http;

    public SystemTextJsonMfaCalls(HttpClient http)
    {
        _http = http;
    }

    public Task<MessageSent> SendMessagingCodeAsync(string accountId, SendCodeBody body, CancellationToken cancellationToken = default)
        => PostAsync("accounts/" + Uri.EscapeDataString(accountId) + "/code/messaging", body, BaselineJsonContext.Default.SendCodeBody, BaselineJsonContext.Default.MessageSent, cancellationToken);

    public Task<CallPlaced> SendVoiceCodeAsync(string accountId, SendCodeBody body, CancellationToken cancellationToken = default)
        => PostAsync("accounts/" + Uri.EscapeDataString(accountId) + "/code/voice", body, BaselineJsonContext.Default.SendCodeBody, BaselineJsonContext.Default.CallPlaced, cancellationToken);

    public Task<Verification> VerifyCodeAsync(string accountId, VerifyBody body, CancellationToken cancellationToken = default)
        => PostAsync("accounts/" + Uri.EscapeDataString(accountId) + "/code/verify", body, BaselineJsonContext.Default.VerifyBody, BaselineJsonContext.Default.Verification, cancellationToken);

    private async Task<TResult> PostAsync<TBody, TResult>(string path, TBody body, JsonTypeInfo<TBody> bodyInfo, JsonTypeInfo<TResult> resultInfo, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyInfo));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Content = content;

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync(resultInfo, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The answer was JSON null.");
    }
}
