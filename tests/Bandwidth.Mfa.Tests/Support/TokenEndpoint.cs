using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>A scripted OAuth2 token endpoint on a MockHttp handler: issues tok-1, tok-2, ... and records each request.</summary>
public sealed class TokenEndpoint
{
    public const string Url = "https://api.bandwidth.com/api/v1/oauth2/token";

    private int _issued;

    public TokenEndpoint(MockHttpMessageHandler handler, int? expiresIn = 3600, TimeSpan? delay = null)
    {
        handler.When(HttpMethod.Post, Url).Respond(async request =>
        {
            Requests.Enqueue(await RecordedRequest.FromAsync(request));
            if (delay is { } wait)
            {
                await Task.Delay(wait);
            }

            var n = Interlocked.Increment(ref _issued);
            var json = expiresIn is { } seconds
                ? $"{{\"access_token\":\"tok-{n}\",\"token_type\":\"Bearer\",\"expires_in\":{seconds}}}"
                : $"{{\"access_token\":\"tok-{n}\",\"token_type\":\"Bearer\"}}";
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        });
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int RequestCount => Requests.Count;
}
