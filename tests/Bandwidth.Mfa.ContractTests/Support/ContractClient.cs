using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Support;

/// <summary>The two ways the spec lets a caller authenticate.</summary>
public enum Credentials
{
    Basic,
    Bearer,
}

/// <summary>
/// The client as users get it: <c>AddBandwidthMfa</c> on a service collection, resolved as <see cref="IMfaClient"/> and
/// <see cref="IMfaService"/>, with a <see cref="PrismProbe"/> added through the returned <c>IHttpClientBuilder</c>.
/// </summary>
public sealed class ContractClient : IDisposable
{
    public const string AccountId = "9900000";
    public const string To = "+19195551234";
    public const string From = "+19195554321";
    public const string MessagingApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";
    public const string VoiceApplicationId = "a3b1c2d4-voice-application";

    private readonly ServiceProvider _provider;

    public ContractClient(Uri baseUrl, Credentials credentials)
    {
        var services = new ServiceCollection();
        services.AddBandwidthMfa(options =>
            {
                options.BaseUrl = baseUrl;
                options.AccountId = AccountId;
                if (credentials == Credentials.Basic)
                {
                    options.Username = "contract-user";
                    options.Password = "contract-password";
                }
                else
                {
                    options.AccessToken = "contract-access-token";
                }

                options.Messaging.From = From;
                options.Messaging.ApplicationId = MessagingApplicationId;
                options.Voice.From = From;
                options.Voice.ApplicationId = VoiceApplicationId;
                options.ExpirationTimeInMinutes = 3;
            })
            .AddHttpMessageHandler(() => new PrismProbe(Log));
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Client = _provider.GetRequiredService<IMfaClient>();
        Service = _provider.GetRequiredService<IMfaService>();
        ExpectedScheme = credentials == Credentials.Basic ? "Basic" : "Bearer";
    }

    public IMfaClient Client { get; }

    public IMfaService Service { get; }

    public PrismExchangeLog Log { get; } = new();

    /// <summary>The <c>Authorization</c> scheme these credentials must put on the wire.</summary>
    public string ExpectedScheme { get; }

    /// <summary>
    /// Calls the full (<c>*WithHttpInfoAsync</c>) form of an operation of the spec with a request that sets every
    /// optional property, and returns the status, the headers and the parsed body.
    /// </summary>
    public async Task<(int Status, IReadOnlyDictionary<string, IEnumerable<string>> Headers, object? Result)> CallAsync(string operationId)
    {
        switch (operationId)
        {
            case "generateMessagingCode":
            {
                var response = await Client.GenerateMessagingCodeWithHttpInfoAsync(AccountId, CodeRequest(MessagingApplicationId));
                return (response.StatusCode, response.Headers, response.Result);
            }

            case "generateVoiceCode":
            {
                var response = await Client.GenerateVoiceCodeWithHttpInfoAsync(AccountId, CodeRequest(VoiceApplicationId));
                return (response.StatusCode, response.Headers, response.Result);
            }

            case "verifyCode":
            {
                var request = new VerifyCodeRequest { To = To, Scope = "2FA", ExpirationTimeInMinutes = 2.5, Code = "12345678" };
                var response = await Client.VerifyCodeWithHttpInfoAsync(AccountId, request);
                return (response.StatusCode, response.Headers, response.Result);
            }

            default:
                Assert.Fail($"openapi/mfa.yml has an operation '{operationId}' that the contract tests do not call yet: add it to ContractClient.CallAsync.");
                return default;
        }
    }

    public void Dispose() => _provider.Dispose();

    private static CodeRequest CodeRequest(string applicationId) => new()
    {
        To = To,
        From = From,
        ApplicationId = applicationId,
        Scope = "2FA",
        Message = "Your temporary {NAME} {SCOPE} code is {CODE}",
        Digits = 8,
    };
}
