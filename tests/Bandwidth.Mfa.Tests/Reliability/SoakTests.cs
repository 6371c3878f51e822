using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Reliability;

public class SoakTests
{
    private const int Calls = 10_000;
    private const int Callers = 64;

    [TestCase(false, TestName = "Ten thousand calls from 64 callers with the token expiring mid-run")]
    [TestCase(true, TestName = "Ten thousand calls from 64 callers with the token expiring and revoked mid-run (401, refresh, retry)")]
    public async Task Ten_thousand_calls_from_64_callers_with_the_token_expiring_mid_run(bool revokeOldTokens)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-25T12:00:00Z"));
        var server = new SoakServer(time, expireAfterCall: Calls / 2, revokeOldTokens);
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddBandwidthMfa(o =>
            {
                o.BaseUrl = new Uri(MockMfa.BaseUrl);
                o.AccountId = MockMfa.AccountId;
                o.Messaging.From = Requests.From;
                o.Messaging.ApplicationId = Requests.ApplicationId;
                o.ClientId = "client-1";
                o.ClientSecret = "secret";
                o.TokenUrl = new Uri(TokenEndpoint.Url);
            })
            .ConfigurePrimaryHttpMessageHandler(() => server);
        services.AddHttpClient(MfaServiceCollectionExtensions.TokenHttpClientName).ConfigurePrimaryHttpMessageHandler(() => server);
        await using var provider = services.BuildServiceProvider();

        var next = 0;
        var failures = new ConcurrentQueue<Exception>();
        var valid = 0;
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Calls)
            {
                try
                {
                    var mfa = provider.GetRequiredService<IMfaService>();
                    if (await mfa.VerifyCodeAsync(Requests.To, "123456"))
                    {
                        Interlocked.Increment(ref valid);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex);
                }
            }
        })));

        TestContext.Out.WriteLine($"{Calls} calls, {Callers} callers: {valid} valid, {failures.Count} failures, {server.TokenRequests} token requests, {server.ApiCalls} API calls, {server.Refused} refused with 401");
        Assert.That(failures, Is.Empty, failures.FirstOrDefault()?.ToString());
        Assert.That(valid, Is.EqualTo(Calls));
        Assert.That(server.ApiCalls, Is.EqualTo(Calls), "every call answered once (a 401 is followed by exactly one retry)");
        Assert.That(server.TokenRequests, Is.EqualTo(2), "one token at the start, one after it expired mid-run");
    }

    /// <summary>
    /// Issues tokens and answers verifies; after a given number of calls it rotates: revokes every token issued so far
    /// (when asked to) and moves the clock past the token's life, as one atomic step with respect to issuing a token, so a
    /// token is either issued before the rotation (and revoked with the rest) or after it (and valid for the new hour).
    /// </summary>
    private sealed class SoakServer(FakeTimeProvider time, int expireAfterCall, bool revokeOldTokens) : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, bool> _issued = new();
        private readonly object _rotation = new();
        private int _tokenRequests;
        private int _apiCalls;
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public int TokenRequests => Volatile.Read(ref _tokenRequests);

        public int ApiCalls => Volatile.Read(ref _apiCalls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Yield();
            if (request.RequestUri!.AbsoluteUri == TokenEndpoint.Url)
            {
                string token;
                lock (_rotation)
                {
                    token = "tok-" + Interlocked.Increment(ref _tokenRequests);
                    _issued[token] = true;
                }

                return Json(200, $"{{\"access_token\":\"{token}\",\"token_type\":\"Bearer\",\"expires_in\":3600}}");
            }

            if (request.Headers.Authorization is not { Scheme: "Bearer" } auth || !_issued.TryGetValue(auth.Parameter!, out var valid) || !valid)
            {
                Interlocked.Increment(ref _refused);
                return Json(401, "{\"message\":\"Unauthorized\"}");
            }

            if (Interlocked.Increment(ref _apiCalls) == expireAfterCall)
            {
                lock (_rotation)
                {
                    if (revokeOldTokens)
                    {
                        foreach (var token in _issued.Keys)
                        {
                            _issued[token] = false;
                        }
                    }

                    time.Advance(TimeSpan.FromHours(1));
                }
            }

            return Json(200, "{\"valid\":true}");
        }

        private static HttpResponseMessage Json(int status, string body) =>
            new((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
