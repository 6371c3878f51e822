using System;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.SandboxServer.Tests.Support;

/// <summary>Real clients pointed at a running sandbox server, and raw calls of its JSON API.</summary>
public static class SandboxClients
{
    public const string AccountId = "9900000";
    public const string To = "+19195551234";
    public const string From = "+19195554321";
    public const string MessagingApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";
    public const string VoiceApplicationId = "5b0c2a1e-9d3f-4c8a-b6e7-1f2d3c4b5a69";

    /// <summary>Options of a client that talks to <paramref name="server"/> with HTTP Basic.</summary>
    public static MfaOptions Options(ServerProcess server, Action<MfaOptions>? change = null)
    {
        var options = new MfaOptions
        {
            BaseUrl = server.BaseUrl,
            TokenUrl = server.TokenUrl,
            AccountId = AccountId,
            Username = "sandbox-user",
            Password = "sandbox-password",
        };
        options.Messaging.From = From;
        options.Messaging.ApplicationId = MessagingApplicationId;
        options.Voice.From = From;
        options.Voice.ApplicationId = VoiceApplicationId;
        change?.Invoke(options);
        return options;
    }

    /// <summary>A client of its own (its own HttpClient and connection pool), as another service would have.</summary>
    public static MfaService Client(ServerProcess server, Action<MfaOptions>? change = null) => MfaService.Create(Options(server, change));

    public static HttpClient Http(ServerProcess server) => new() { BaseAddress = server.Root, Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<(int Status, JToken? Json, string Body)> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? null : JToken.Parse(body), body);
    }

    public static async Task<(int Status, JToken? Json, string Body)> PostAsync(HttpClient http, string path, string? json = "{}", string mediaType = "application/json")
    {
        using var content = new StringContent(json ?? string.Empty, Encoding.UTF8, mediaType);
        using var response = await http.PostAsync(path, content);
        var body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, body.Length == 0 ? null : JToken.Parse(body), body);
    }
}
