using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Baselines;
using Bandwidth.Mfa.Benchmarks.Wire;
using Microsoft.Extensions.DependencyInjection;

namespace Bandwidth.Mfa.Benchmarks.Targets;

/// <summary>
/// The DI path as ASP.NET Core runs it: a scope per request, the service resolved in it, one verify. Two containers
/// over the same kind of primary handler: one with <c>AddBandwidthMfa</c> (Basic) resolving <see cref="IMfaService"/>,
/// one with a hand-written typed client (<c>AddHttpClient&lt;LeanTypedVerifyClient&gt;</c>, its Basic header a default
/// header) resolved the same way.
/// </summary>
public sealed class DiCallSet : IDisposable
{
    private static readonly double DefaultExpiration = new MfaOptions().ExpirationTimeInMinutes;

    private readonly ServiceProvider _mfa;
    private readonly ServiceProvider _lean;

    /// <param name="primary">Creates the primary handler of each container's client (the factory disposes what it creates).</param>
    /// <param name="baseAddress">Where the calls go.</param>
    public DiCallSet(Func<HttpMessageHandler> primary, Uri baseAddress)
    {
        var mfa = new ServiceCollection();
        mfa.AddBandwidthMfa(options =>
        {
            options.BaseUrl = baseAddress;
            options.AccountId = MfaSamples.AccountId;
            options.Username = MfaSamples.Username;
            options.Password = MfaSamples.Password;
            options.RequireChannelDefaults = false;
        }).ConfigurePrimaryHttpMessageHandler(primary);
        _mfa = mfa.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        var lean = new ServiceCollection();
        lean.AddSingleton(new LeanVerifySettings(baseAddress, MfaSamples.AccountId, MfaSamples.BasicHeader().Parameter!));
        lean.AddHttpClient<LeanTypedVerifyClient>((provider, http) =>
        {
            http.BaseAddress = baseAddress;
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", provider.GetRequiredService<LeanVerifySettings>().BasicParameter);
        }).ConfigurePrimaryHttpMessageHandler(primary);
        _lean = lean.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>One request's verify through <c>AddBandwidthMfa</c>'s <see cref="IMfaService"/>.</summary>
    public async Task<bool> ServiceVerifyAsync()
    {
        await using var scope = _mfa.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<IMfaService>();
        return await service.VerifyCodeAsync(MfaSamples.To, MfaSamples.Code).ConfigureAwait(false);
    }

    /// <summary>One request's verify through the hand-written typed client.</summary>
    public async Task<bool> LeanVerifyAsync()
    {
        await using var scope = _lean.CreateAsyncScope();
        var client = scope.ServiceProvider.GetRequiredService<LeanTypedVerifyClient>();
        return await client.VerifyAsync(new VerifyBody
        {
            To = MfaSamples.To,
            Code = MfaSamples.Code,
            ExpirationTimeInMinutes = DefaultExpiration,
        }).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _mfa.Dispose();
        _lean.Dispose();
    }
}
