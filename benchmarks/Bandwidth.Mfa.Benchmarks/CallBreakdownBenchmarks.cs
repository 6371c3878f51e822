using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Bandwidth.Mfa.Benchmarks.Baselines;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// Pieces of one call, measured alone, to see where the client's time over baseline (a) goes: validation against the
/// spec, serialization with the client's settings, and two things the NSwag template does on every call (the request
/// content's media type set after construction, and copying every response header into a dictionary), each next to
/// what the hand-written baseline does instead.
/// </summary>
[MemoryDiagnoser]
public class CallBreakdownBenchmarks
{
    private const string VerifyJson = "{\"to\":\"+19195551234\",\"scope\":\"2FA\",\"expirationTimeInMinutes\":3.0,\"code\":\"123456\"}";

    private static readonly JsonSerializerSettings PlainSettings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
    };

    private readonly JsonSerializerSettings _clientSettings = SettingsProbe.ClientSettings;

    [Benchmark(Description = "validate CodeRequest (spec rules)")]
    public CodeRequest ValidateCodeRequest()
    {
        var request = MfaSamples.ClientCodeRequest();
        MfaRequestValidator.Validate(request);
        return request;
    }

    [Benchmark(Description = "validate VerifyCodeRequest (spec rules)")]
    public VerifyCodeRequest ValidateVerifyRequest()
    {
        var request = MfaSamples.ClientVerifyRequest();
        MfaRequestValidator.Validate(request);
        return request;
    }

    [Benchmark(Description = "serialize CodeRequest, client settings (validates)")]
    public string SerializeWithClientSettings() => JsonConvert.SerializeObject(MfaSamples.ClientCodeRequest(), _clientSettings);

    [Benchmark(Description = "serialize CodeRequest, plain settings")]
    public string SerializeGeneratedDtoPlain() => JsonConvert.SerializeObject(MfaSamples.ClientCodeRequest(), PlainSettings);

    [Benchmark(Description = "serialize baseline DTO, plain settings")]
    public string SerializeBaselineDto() => JsonConvert.SerializeObject(BaselineSamples.CodeBody(), PlainSettings);

    [Benchmark(Description = "request content as generated (type set after)")]
    public HttpContent ContentAsGenerated()
    {
        // StringContent(string) stores "text/plain; charset=utf-8" unparsed; setting ContentType then parses it first.
        var content = new StringContent(VerifyJson);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        return content;
    }

    [Benchmark(Description = "request content as baseline (type in ctor)")]
    public HttpContent ContentAsBaseline() => new StringContent(VerifyJson, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    [Benchmark(Description = "fresh response, headers copied as generated")]
    public object FreshResponseHeadersCopied()
    {
        var response = CannedResponse();
        var headers = new Dictionary<string, IEnumerable<string>>();
        foreach (var item in response.Headers)
        {
            headers[item.Key] = item.Value;
        }

        foreach (var item in response.Content.Headers)
        {
            headers[item.Key] = item.Value;
        }

        return headers;
    }

    [Benchmark(Description = "fresh response, headers not copied")]
    public object FreshResponseHeadersNotCopied() => CannedResponse();

    private static HttpResponseMessage CannedResponse()
    {
        var content = new ByteArrayContent(MfaSamples.VerifyAnswer);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>Reaches the client's (protected) serializer settings.</summary>
    private sealed class SettingsProbe : MfaClient
    {
        private SettingsProbe()
            : base(new HttpClient())
        {
        }

        public static JsonSerializerSettings ClientSettings => new SettingsProbe().JsonSerializerSettings;
    }
}
