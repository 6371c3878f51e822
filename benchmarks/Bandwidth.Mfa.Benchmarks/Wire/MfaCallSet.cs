using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Baselines;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>
/// The three ways to make one call over the same primary handler: the client (built by <see cref="MfaService.Create"/>
/// with a fixed bearer token, as a partner builds it) and the two hand-written baselines, which send the same
/// <c>Authorization: Bearer</c> header from their <see cref="HttpClient"/>. Each call builds its own request object, as a
/// caller does.
/// </summary>
public sealed class MfaCallSet : IDisposable
{
    private readonly MfaService _service;

    /// <param name="primary">The handler at the end of every pipeline (not disposed here).</param>
    /// <param name="baseAddress">Where the calls go.</param>
    public MfaCallSet(HttpMessageHandler primary, Uri baseAddress)
    {
        _service = MfaService.Create(BearerOptions(baseAddress), primaryHandler: primary);
        Client = _service.Client;
        Http = CreateBaselineHttpClient(primary, baseAddress, new AuthenticationHeaderValue("Bearer", MfaSamples.AccessToken));
        Newtonsoft = new NewtonsoftMfaCalls(Http);
        SystemTextJson = new SystemTextJsonMfaCalls(Http);
    }

    /// <summary>The baselines' client (the client has its own, over the same primary handler).</summary>
    public HttpClient Http { get; }

    public IMfaClient Client { get; }

    public NewtonsoftMfaCalls Newtonsoft { get; }

    public SystemTextJsonMfaCalls SystemTextJson { get; }

    /// <summary>The client's options for the per-call benchmarks: a fixed bearer token.</summary>
    public static MfaOptions BearerOptions(Uri baseAddress) => new()
    {
        BaseUrl = baseAddress,
        AccountId = MfaSamples.AccountId,
        AccessToken = MfaSamples.AccessToken,
        // The benchmarks call IMfaClient with whole requests: no short-call defaults.
        RequireChannelDefaults = false,
    };

    /// <summary>An HttpClient as the hand-written baselines use it: base address, credentials as a default header.</summary>
    public static HttpClient CreateBaselineHttpClient(HttpMessageHandler primary, Uri baseAddress, AuthenticationHeaderValue authorization)
    {
        var http = new HttpClient(primary, disposeHandler: false) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = authorization;
        return http;
    }

    public async Task<object> ClientAsync(MfaOperation operation) => operation switch
    {
        MfaOperation.Messaging => await Client.GenerateMessagingCodeAsync(MfaSamples.AccountId, MfaSamples.ClientCodeRequest()).ConfigureAwait(false),
        MfaOperation.Voice => await Client.GenerateVoiceCodeAsync(MfaSamples.AccountId, MfaSamples.ClientCodeRequest()).ConfigureAwait(false),
        _ => await Client.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest()).ConfigureAwait(false),
    };

    public async Task<object> NewtonsoftAsync(MfaOperation operation) => operation switch
    {
        MfaOperation.Messaging => await Newtonsoft.SendMessagingCodeAsync(MfaSamples.AccountId, BaselineSamples.CodeBody()).ConfigureAwait(false),
        MfaOperation.Voice => await Newtonsoft.SendVoiceCodeAsync(MfaSamples.AccountId, BaselineSamples.CodeBody()).ConfigureAwait(false),
        _ => await Newtonsoft.VerifyCodeAsync(MfaSamples.AccountId, BaselineSamples.VerifyBody()).ConfigureAwait(false),
    };

    public async Task<object> SystemTextJsonAsync(MfaOperation operation) => operation switch
    {
        MfaOperation.Messaging => await SystemTextJson.SendMessagingCodeAsync(MfaSamples.AccountId, BaselineSamples.CodeBody()).ConfigureAwait(false),
        MfaOperation.Voice => await SystemTextJson.SendVoiceCodeAsync(MfaSamples.AccountId, BaselineSamples.CodeBody()).ConfigureAwait(false),
        _ => await SystemTextJson.VerifyCodeAsync(MfaSamples.AccountId, BaselineSamples.VerifyBody()).ConfigureAwait(false),
    };

    public void Dispose()
    {
        _service.Dispose();
        Http.Dispose();
    }
}
