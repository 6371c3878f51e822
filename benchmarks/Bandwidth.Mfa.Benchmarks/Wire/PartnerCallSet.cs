using System;
using System.Net.Http;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Baselines;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>
/// The partner's path, two ways over the same primary handler: <see cref="MfaService.Create"/> with Basic credentials,
/// then <see cref="IMfaService.VerifyCodeAsync"/> with the defaults of the options; and the same call by hand
/// (baseline (a), Newtonsoft) with its own <c>Authorization: Basic</c> header and the same body.
/// </summary>
public sealed class PartnerCallSet : IDisposable
{
    private static readonly double DefaultExpiration = new MfaOptions().ExpirationTimeInMinutes;

    private readonly MfaService _service;

    /// <param name="primary">The handler at the end of both pipelines (not disposed here).</param>
    /// <param name="baseAddress">Where the calls go.</param>
    public PartnerCallSet(HttpMessageHandler primary, Uri baseAddress)
    {
        _service = MfaService.Create(MfaSamples.BasicOptions(baseAddress), primaryHandler: primary);
        Service = _service;
        Http = MfaCallSet.CreateBaselineHttpClient(primary, baseAddress, MfaSamples.BasicHeader());
        Newtonsoft = new NewtonsoftMfaCalls(Http);
        Lean = new LeanVerifyClient(Http, baseAddress, MfaSamples.AccountId);
    }

    public IMfaService Service { get; }

    public HttpClient Http { get; }

    public NewtonsoftMfaCalls Newtonsoft { get; }

    /// <summary>The lean hand-written verify call (URI, header values and serializer built once).</summary>
    public LeanVerifyClient Lean { get; }

    /// <summary>The partner's call: the service fills in the account, the expiration and no scope.</summary>
    public Task<bool> ServiceVerifyAsync() => Service.VerifyCodeAsync(MfaSamples.To, MfaSamples.Code);

    /// <summary>The same request by hand.</summary>
    public async Task<bool> NewtonsoftVerifyAsync()
    {
        var answer = await Newtonsoft.VerifyCodeAsync(MfaSamples.AccountId, new VerifyBody
        {
            To = MfaSamples.To,
            Code = MfaSamples.Code,
            ExpirationTimeInMinutes = DefaultExpiration,
        }).ConfigureAwait(false);
        return answer.Valid;
    }

    /// <summary>The same request by the lean hand-written client.</summary>
    public Task<bool> LeanVerifyAsync() => Lean.VerifyAsync(new VerifyBody
    {
        To = MfaSamples.To,
        Code = MfaSamples.Code,
        ExpirationTimeInMinutes = DefaultExpiration,
    });

    public void Dispose()
    {
        _service.Dispose();
        Http.Dispose();
    }
}
