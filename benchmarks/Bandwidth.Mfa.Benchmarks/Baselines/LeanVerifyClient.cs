using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.Benchmarks.Baselines;

/// <summary>
/// The leanest careful hand-written verify call with Newtonsoft.Json: the request URI, the header values and the
/// serializer settings built once (one account, one base address), the request and response disposed, a non-success
/// status thrown. What the partner's path and the DI path are held against.
/// </summary>
public sealed class LeanVerifyClient
{
    private readonly HttpClient _http;
    private readonly Uri _verifyUri;

    /// <param name="http">A client whose default headers carry the credentials.</param>
    /// <param name="baseAddress">The API's base address, ending with '/'.</param>
    /// <param name="accountId">The one account this client verifies for.</param>
    public LeanVerifyClient(HttpClient http, Uri baseAddress, string accountId)
    {
        _http = http;
        _verifyUri = new Uri(baseAddress, "accounts/" + Uri.EscapeDataString(accountId) + "/code/verify");
    }

    /// <summary>Verifies a code; true when it is valid.</summary>
    public async Task<bool> VerifyAsync(VerifyBody body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _verifyUri);
        request.Headers.TryAddWithoutValidation("Accept", LeanJson.MediaType);
        request.Content = LeanJson.Content(body);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var answer = await LeanJson.ReadAsync<Verification>(response.Content, cancellationToken).ConfigureAwait(false);
        return answer.Valid;
    }
}

/// <summary>
/// The typed client a hand-writer registers with <c>AddHttpClient&lt;T&gt;</c>: the same lean call, its base address
/// and credentials set on the injected <see cref="HttpClient"/> at registration.
/// </summary>
public sealed class LeanTypedVerifyClient
{
    private readonly LeanVerifyClient _calls;

    public LeanTypedVerifyClient(HttpClient http)
    {
        _calls = new LeanVerifyClient(http, http.BaseAddress!, Wire.MfaSamples.AccountId);
    }

    public Task<bool> VerifyAsync(VerifyBody body, CancellationToken cancellationToken = default) => _calls.VerifyAsync(body, cancellationToken);
}
