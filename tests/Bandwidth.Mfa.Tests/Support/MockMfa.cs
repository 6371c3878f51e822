using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// A MockHttp handler that records every request it receives, checks it against openapi/mfa.yml, and answers with
/// what the test set up.
/// </summary>
public sealed class MockMfa : IDisposable
{
    public const string BaseUrl = "https://mfa.bandwidth.com/api/v1/";
    public const string AccountId = "9900000";

    public MockMfa()
    {
        Handler = new MockHttpMessageHandler();
    }

    public MockHttpMessageHandler Handler { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int RequestCount => Requests.Count;

    /// <summary>Answers every request to <paramref name="pathSuffix"/> with the given status and body.</summary>
    public MockMfa Answer(string pathSuffix, HttpStatusCode status, string? body, string contentType = "application/json", Action<HttpResponseMessage>? configure = null)
    {
        Handler.When("*" + pathSuffix).Respond(async request =>
        {
            await RecordAsync(request);
            var response = new HttpResponseMessage(status);
            if (body is not null)
            {
                response.Content = new StringContent(body, Encoding.UTF8, contentType);
            }

            configure?.Invoke(response);
            return response;
        });
        return this;
    }

    /// <summary>Answers every request with the given function, recording it first.</summary>
    public MockMfa AnswerAll(Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        Handler.When("*").Respond(async request =>
        {
            await RecordAsync(request);
            return respond(request);
        });
        return this;
    }

    /// <summary>Records the request, and fails the test if openapi/mfa.yml does not allow it (see <see cref="SpecConformance"/>).</summary>
    private async Task RecordAsync(HttpRequestMessage request)
    {
        var recorded = await RecordedRequest.FromAsync(request);
        Requests.Enqueue(recorded);
        SpecConformance.RecordIfNonConforming(recorded);
    }

    public HttpClient CreateHttpClient() => new(Handler, disposeHandler: false) { BaseAddress = new Uri(BaseUrl) };

    public IMfaClient CreateClient() => TestClients.Over(Handler);

    public void Dispose() => Handler.Dispose();
}
