using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// What authentication adds to a call (verifyCode through <see cref="IMfaClient"/>, in-memory answers), every client
/// built as a partner builds it: <see cref="MfaService.Create"/> with Basic credentials (baseline), a fixed bearer token,
/// OAuth2 client credentials with the token already cached, and a client resolved from DI (<c>AddBandwidthMfa</c> with
/// Basic and the in-memory primary handler, resolved from the container for every call as a transient consumer would).
/// </summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks
{
    private TokenOrCannedHandler _handler = null!;
    private MfaService _basic = null!;
    private MfaService _bearer = null!;
    private MfaService _oauth = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        _handler = new TokenOrCannedHandler();
        _basic = MfaService.Create(MfaSamples.BasicOptions(MfaSamples.InMemoryBaseAddress), primaryHandler: _handler);
        _bearer = MfaService.Create(MfaCallSet.BearerOptions(MfaSamples.InMemoryBaseAddress), primaryHandler: _handler);
        _oauth = MfaService.Create(
            new MfaOptions
            {
                BaseUrl = MfaSamples.InMemoryBaseAddress,
                AccountId = MfaSamples.AccountId,
                ClientId = "bench-client",
                ClientSecret = "bench-secret",
                RequireChannelDefaults = false,
            },
            primaryHandler: _handler);

        var services = new ServiceCollection();
        services.AddBandwidthMfa(options =>
            {
                options.BaseUrl = MfaSamples.InMemoryBaseAddress;
                options.AccountId = MfaSamples.AccountId;
                options.Username = MfaSamples.Username;
                options.Password = MfaSamples.Password;
                options.RequireChannelDefaults = false;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new CannedMfaHandler());
        _services = services.BuildServiceProvider();

        // Warm the token cache: the OAuth2 case measures calls with a cached token.
        OAuth2Cached().GetAwaiter().GetResult();
        DependencyInjected().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var tokenRequests = _handler.TokenRequests;
        _basic.Dispose();
        _bearer.Dispose();
        _oauth.Dispose();
        _services.Dispose();
        _handler.Dispose();
        Console.WriteLine($"// OAuth2: {tokenRequests} token request(s) for the whole run.");
        if (tokenRequests != 1)
        {
            throw new InvalidOperationException("The OAuth2 benchmark was meant to run on a cached token, but " + tokenRequests + " token requests were made.");
        }
    }

    [Benchmark(Baseline = true, Description = "Basic")]
    public Task<VerifyCodeResponse> Basic() => _basic.Client.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    [Benchmark(Description = "Bearer, fixed token")]
    public Task<VerifyCodeResponse> Bearer() => _bearer.Client.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    [Benchmark(Description = "OAuth2, cached token")]
    public Task<VerifyCodeResponse> OAuth2Cached() => _oauth.Client.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    [Benchmark(Description = "DI: resolve IMfaClient + call (Basic)")]
    public Task<VerifyCodeResponse> DependencyInjected()
        => _services.GetRequiredService<IMfaClient>().VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    /// <summary>The in-memory MFA answers, and a token endpoint (at the options' default token URL) that hands out one-hour tokens and counts requests.</summary>
    private sealed class TokenOrCannedHandler : DelegatingHandler
    {
        private static readonly byte[] Token = Encoding.UTF8.GetBytes("{\"access_token\":\"bench-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        private static readonly Uri TokenUrl = new MfaOptions().TokenUrl;
        private int _tokenRequests;

        public TokenOrCannedHandler()
            : base(new CannedMfaHandler())
        {
        }

        public int TokenRequests => Volatile.Read(ref _tokenRequests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri != null && Uri.Compare(request.RequestUri, TokenUrl, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0)
            {
                Interlocked.Increment(ref _tokenRequests);
                if (request.Content != null)
                {
                    await request.Content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                }

                var content = new ByteArrayContent(Token);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
            }

            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
