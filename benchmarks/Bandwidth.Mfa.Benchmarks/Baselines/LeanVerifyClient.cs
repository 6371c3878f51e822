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
        : this(http, VerifyUri(baseAddress, accountId))
    {
    }

    /// <param name="http">A client whose default headers carry the credentials.</param>
    /// <param name="verifyUri">The verify URI, resolved once (see <see cref="VerifyUri"/>).</param>
    public LeanVerifyClient(HttpClient http, Uri verifyUri)
    {
        _http = http;
        _verifyUri = verifyUri;
    }

    /// <summary>The absolute verify URI of an account.</summary>
    public static Uri VerifyUri(Uri baseAddress, string accountId) => new(baseAddress, "accounts/" + Uri.EscapeDataString(accountId) + "/code/verify");

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
/// The typed client a hand-writer registers with <c>AddHttpClient&lt;T&gt;</c>: the same lean call, its credentials set
/// on the injected <see cref="HttpClient"/> at registration (the header's value computed once), its URI resolved once
/// in a singleton (<see cref="LeanVerifySettings"/>), so a resolve per request costs no parsing.
/// </summary>
public sealed class LeanTypedVerifyClient
{
    private readonly LeanVerifyClient _calls;

    public LeanTypedVerifyClient(HttpClient http, LeanVerifySettings settings)
    {
        _calls = new LeanVerifyClient(http, settings.VerifyUri);
    }

    public Task<bool> VerifyAsync(VerifyBody body, CancellationToken cancellationToken = default) => _calls.VerifyAsync(body, cancellationToken);
}

/// <summary>What the hand-written typed client computes once per application: the verify URI and the Basic credentials.</summary>
public sealed class LeanVerifySettings
{
    public LeanVerifySettings(Uri baseAddress, string accountId, string basicParameter)
    {
        VerifyUri = LeanVerifyClient.VerifyUri(baseAddress, accountId);
        BasicParameter = basicParameter;
    }

    public Uri VerifyUri { get; }

    /// <summary>The base64 of "user:password", the parameter of the Basic header.</summary>
    public string BasicParameter { get; }
}
