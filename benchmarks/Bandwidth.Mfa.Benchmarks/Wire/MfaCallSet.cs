using System;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Baselines;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>
/// The three ways to make one call, all on the same <see cref="HttpClient"/>: the generated client and the two
/// hand-written baselines. Each call builds its own request object, as a caller does.
/// </summary>
public sealed class MfaCallSet
{
    public MfaCallSet(HttpClient http)
    {
        Http = http;
        Client = new MfaClient(http);
        Newtonsoft = new NewtonsoftMfaCalls(http);
        SystemTextJson = new SystemTextJsonMfaCalls(http);
    }

    public HttpClient Http { get; }

    public IMfaClient Client { get; }

    public NewtonsoftMfaCalls Newtonsoft { get; }

    public SystemTextJsonMfaCalls SystemTextJson { get; }

    /// <summary>An HttpClient as every call set uses it: base address, Basic credentials as a default header.</summary>
    public static HttpClient CreateHttpClient(HttpMessageHandler handler, Uri baseAddress, bool disposeHandler)
    {
        var http = new HttpClient(handler, disposeHandler) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = Authentication.BasicAuthenticationHandler.CreateHeader(MfaSamples.Username, MfaSamples.Password);
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
}
