using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Authentication;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// What authentication adds to a call (verifyCode through the generated client, in-memory answers): the Basic handler
/// (baseline), a fixed bearer token, OAuth2 client credentials with the token already cached, and a client resolved from
/// DI (<c>AddBandwidthMfa</c> with Basic, resolved from the container for every call as a transient consumer would).
/// </summary>
[MemoryDiagnoser]
public class AuthenticationBenchmarks
{
    private static readonly Uri TokenUrl = new("https://api.bandwidth.com/api/v1/oauth2/token");

    private HttpClient _basicHttp = null!;
    private HttpClient _bearerHttp = null!;
    private HttpClient _oauthHttp = null!;
    private HttpClient _tokenHttp = null!;
    private ClientCredentialsTokenProvider _tokens = null!;
    private ServiceProvider _services = null!;
    private MfaClient _basic = null!;
    private MfaClient _bearer = null!;
    private MfaClient _oauth = null!;

    [GlobalSetup]
    public void Setup()
    {
        _basicHttp = new HttpClient(new BasicAuthenticationHandler(MfaSamples.Username, MfaSamples.Password, new CannedMfaHandler())) { BaseAddress = MfaSamples.InMemoryBaseAddress };
        _bearerHttp = new HttpClient(new BearerTokenHandler("bench-fixed-token", new CannedMfaHandler())) { BaseAddress = MfaSamples.InMemoryBaseAddress };

        _tokenHttp = new HttpClient(new TokenEndpointHandler());
        _tokens = new ClientCredentialsTokenProvider(_tokenHttp, TokenUrl, "bench-client", "bench-secret");
        _oauthHttp = new HttpClient(new ClientCredentialsHandler(_tokens, new CannedMfaHandler())) { BaseAddress = MfaSamples.InMemoryBaseAddress };

        var services = new ServiceCollection();
        services.AddBandwidthMfa(options =>
            {
                options.BaseUrl = MfaSamples.InMemoryBaseAddress;
                options.AccountId = MfaSamples.AccountId;
                options.Username = MfaSamples.Username;
                options.Password = MfaSamples.Password;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new CannedMfaHandler());
        _services = services.BuildServiceProvider();

        _basic = new MfaClient(_basicHttp);
        _bearer = new MfaClient(_bearerHttp);
        _oauth = new MfaClient(_oauthHttp);

        // Warm the token cache: the OAuth2 case measures calls with a cached token.
        _oauth.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest()).GetAwaiter().GetResult();
        DependencyInjected().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var tokenRequests = _tokens.TokenRequests;
        _basicHttp.Dispose();
        _bearerHttp.Dispose();
        _oauthHttp.Dispose();
        _tokens.Dispose();
        _tokenHttp.Dispose();
        _services.Dispose();
        Console.WriteLine($"// OAuth2: {tokenRequests} token request(s) for the whole run.");
        if (tokenRequests != 1)
        {
            throw new InvalidOperationException("The OAuth2 benchmark was meant to run on a cached token, but " + tokenRequests + " token requests were made.");
        }
    }

    [Benchmark(Baseline = true, Description = "Basic handler")]
    public Task<VerifyCodeResponse> Basic() => _basic.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    [Benchmark(Description = "Bearer, fixed token")]
    public Task<VerifyCodeResponse> Bearer() => _bearer.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    [Benchmark(Description = "OAuth2, cached token")]
    public Task<VerifyCodeResponse> OAuth2Cached() => _oauth.VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    [Benchmark(Description = "DI: resolve IMfaClient + call (Basic)")]
    public Task<VerifyCodeResponse> DependencyInjected()
        => _services.GetRequiredService<IMfaClient>().VerifyCodeAsync(MfaSamples.AccountId, MfaSamples.ClientVerifyRequest());

    /// <summary>A token endpoint that hands out one-hour tokens.</summary>
    private sealed class TokenEndpointHandler : HttpMessageHandler
    {
        private static readonly byte[] Token = Encoding.UTF8.GetBytes("{\"access_token\":\"bench-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}");

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(Token);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
