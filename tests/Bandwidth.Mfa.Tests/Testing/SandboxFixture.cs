using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Tests.Testing;

/// <summary>Builds sandboxes on a fake clock, the real client in front of them, and raw HTTP calls for wire-level checks.</summary>
public static class SandboxFixture
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public const string To = "+19195551234";

    public static FakeTimeProvider NewClock() => new(Start);

    public static MfaSandbox NewSandbox(FakeTimeProvider clock, Action<MfaSandboxOptions>? change = null)
    {
        var options = new MfaSandboxOptions { TimeProvider = clock };
        change?.Invoke(options);
        return new MfaSandbox(options);
    }

    /// <summary>The real client (MfaService.Create) on the sandbox's handler, with the message template of the spec's example.</summary>
    public static MfaService NewService(MfaSandbox sandbox, Action<MfaOptions>? change = null)
    {
        var options = sandbox.CreateClientOptions();
        options.Messaging.Message = "Your temporary {NAME} {SCOPE} code is {CODE}";
        options.ExpirationTimeInMinutes = 3;
        change?.Invoke(options);
        return sandbox.CreateService(options);
    }

    public static HttpClient RawClient(MfaSandbox sandbox, string? authorization = "Basic c2FuZGJveC11c2VyOnNhbmRib3gtcGFzc3dvcmQ=")
    {
        var http = new HttpClient(sandbox.CreateHandler()) { BaseAddress = new MfaOptions().BaseUrl };
        if (authorization != null)
        {
            http.DefaultRequestHeaders.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return http;
    }

    public static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));

    public static async Task<(int Status, string Body, string? MediaType)> PostAsync(HttpClient http, string path, string json, string mediaType = "application/json")
    {
        using var content = new StringContent(json, Encoding.UTF8, mediaType);
        using var response = await http.PostAsync(path, content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    public static JObject Json(string body) => JObject.Parse(body);

    public const string SendJson =
        "{\"to\":\"+19195551234\",\"from\":\"+19195554321\",\"applicationId\":\"66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1\",\"message\":\"Code {CODE}\",\"digits\":6}";
}
