using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.Baselines;

/// <summary>
/// Baseline (a): the three calls as a careful hand-writer would code them with Newtonsoft.Json on a shared
/// <see cref="HttpClient"/>: one cached settings object and serializer, the request URIs of an account resolved once
/// (the path segment escaped), header values passed as plain text, headers-read completion, the answer parsed by the one
/// serializer, the request and the response disposed, a non-success status thrown. No validation against the spec, no
/// error-body parsing. (<see cref="LeanJson"/> holds the JSON half, shared with <see cref="LeanVerifyClient"/>.)
/// </summary>
public sealed class NewtonsoftMfaCalls
{
    private readonly HttpClient _http;

    // The three URIs of an account, resolved against the base address once (a hand-writer serves one or a few accounts).
    private readonly ConcurrentDictionary<string, Uri[]> _uris = new(StringComparer.Ordinal);

    public NewtonsoftMfaCalls(HttpClient http)
    {
        _http = http;
    }

    public Task<MessageSent> SendMessagingCodeAsync(string accountId, SendCodeBody body, CancellationToken cancellationToken = default)
        => PostAsync<MessageSent>(UrisOf(accountId)[0], body, cancellationToken);

    public Task<CallPlaced> SendVoiceCodeAsync(string accountId, SendCodeBody body, CancellationToken cancellationToken = default)
        => PostAsync<CallPlaced>(UrisOf(accountId)[1], body, cancellationToken);

    public Task<Verification> VerifyCodeAsync(string accountId, VerifyBody body, CancellationToken cancellationToken = default)
        => PostAsync<Verification>(UrisOf(accountId)[2], body, cancellationToken);

    private Uri[] UrisOf(string accountId) => _uris.GetOrAdd(accountId, account =>
    {
        var prefix = "accounts/" + Uri.EscapeDataString(account) + "/code/";
        var baseAddress = _http.BaseAddress!;
        return new[] { new Uri(baseAddress, prefix + "messaging"), new Uri(baseAddress, prefix + "voice"), new Uri(baseAddress, prefix + "verify") };
    });

    private async Task<TResult> PostAsync<TResult>(Uri uri, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri);
        request.Headers.TryAddWithoutValidation("Accept", LeanJson.MediaType);
        request.Content = LeanJson.Content(body);

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return await LeanJson.ReadAsync<TResult>(response.Content, cancellationToken).ConfigureAwait(false);
    }
}
