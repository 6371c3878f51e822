using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using Bandwidth.Mfa.Benchmarks.Baselines;
using Bandwidth.Mfa.Benchmarks.Wire;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace Bandwidth.Mfa.Benchmarks;

/// <summary>
/// Pieces of one call, measured alone, to see where the client's time over baseline (a) goes: validation against the
/// spec, the request body, the response body, the response headers and the request object, each as the client's
/// pipeline does it next to what the hand-written baseline does instead. The client's pipeline is internal; validation
/// is reached through one delegate bound by reflection at start-up (a diagnostic, not an API), the rest is rebuilt
/// here from public types the way <c>MfaBody</c>, <c>MfaHeaders</c> and <c>MfaPipeline</c> do it.
/// </summary>
[MemoryDiagnoser]
public class CallBreakdownBenchmarks
{
    private static readonly JsonSerializerSettings BaselineSettings = new()
    {
        ContractResolver = new CamelCasePropertyNamesContractResolver(),
        NullValueHandling = NullValueHandling.Ignore,
    };

    private static readonly UTF8Encoding Utf8 = new(false, false);

    private static readonly HttpRequestOptionsKey<object> CallKey = new("Bandwidth.Mfa.Benchmarks.Call");

    private static readonly Uri BaseAddress = MfaSamples.InMemoryBaseAddress;

    // As the pipeline creates its serializer: the generated attributes carry names and null handling.
    private readonly JsonSerializer _pipelineSerializer = JsonSerializer.Create(new JsonSerializerSettings { CheckAdditionalContent = true });

    private readonly Action<object?> _validate = typeof(IMfaClient).Assembly
        .GetType("Bandwidth.Mfa.Validation.MfaRequestValidator", throwOnError: true)!
        .GetMethod("Validate", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
        .CreateDelegate<Action<object?>>();

    private readonly object _marker = new();

    [Benchmark(Description = "validate CodeRequest (spec rules)")]
    public CodeRequest ValidateCodeRequest()
    {
        var request = MfaSamples.ClientCodeRequest();
        _validate(request);
        return request;
    }

    [Benchmark(Description = "validate VerifyCodeRequest (spec rules)")]
    public VerifyCodeRequest ValidateVerifyRequest()
    {
        var request = MfaSamples.ClientVerifyRequest();
        _validate(request);
        return request;
    }

    [Benchmark(Description = "request body as the pipeline: StringWriter, string, UTF-8 bytes, ByteArrayContent")]
    public HttpContent BodyAsPipeline()
    {
        var text = new StringWriter(new StringBuilder(256), System.Globalization.CultureInfo.InvariantCulture);
        using (var writer = new JsonTextWriter(text))
        {
            _pipelineSerializer.Serialize(writer, MfaSamples.ClientCodeRequest());
        }

        var content = new ByteArrayContent(Utf8.GetBytes(text.ToString()));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    [Benchmark(Description = "request body as (a): JsonConvert.SerializeObject, StringContent")]
    public HttpContent BodyAsBaseline()
        => new StringContent(JsonConvert.SerializeObject(BaselineSamples.CodeBody(), BaselineSettings), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    [Benchmark(Description = "answer parsed as the pipeline: bytes, string, StringReader")]
    public VerifyCodeResponse? AnswerAsPipelineString()
    {
        var text = Utf8.GetString(MfaSamples.VerifyAnswer);
        using var reader = new JsonTextReader(new StringReader(text));
        return _pipelineSerializer.Deserialize<VerifyCodeResponse>(reader);
    }

    [Benchmark(Description = "answer parsed from a stream over the bytes")]
    public VerifyCodeResponse? AnswerFromStream()
    {
        using var reader = new JsonTextReader(new StreamReader(new MemoryStream(MfaSamples.VerifyAnswer, writable: false), Utf8, false, 256));
        return _pipelineSerializer.Deserialize<VerifyCodeResponse>(reader);
    }

    [Benchmark(Description = "answer parsed as (a): JsonConvert.DeserializeObject(string)")]
    public Verification? AnswerAsBaseline() => JsonConvert.DeserializeObject<Verification>(Utf8.GetString(MfaSamples.VerifyAnswer), BaselineSettings);

    [Benchmark(Description = "fresh response, headers copied into a case-insensitive dictionary")]
    public object FreshResponseHeadersCopied()
    {
        var response = CannedResponse();
        var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
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

    [Benchmark(Description = "request as the pipeline: path Replace, relative Uri, Accept raw, Options.Set")]
    public HttpRequestMessage RequestAsPipeline()
    {
        var path = "accounts/{accountId}/code/verify".Replace("{" + "accountId" + "}", Uri.EscapeDataString(MfaSamples.AccountId));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Headers.TryAddWithoutValidation("Accept", "application/json");
        request.Options.Set(CallKey, _marker);
        return request;
    }

    [Benchmark(Description = "request as (a): concatenated string path, Accept parsed")]
    public HttpRequestMessage RequestAsBaseline()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "accounts/" + Uri.EscapeDataString(MfaSamples.AccountId) + "/code/verify");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    [Benchmark(Description = "absolute URI resolved against the base (the redirect check)")]
    public Uri ResolveAbsolute() => new(BaseAddress, new Uri("accounts/9900000/code/verify", UriKind.Relative));

    private static HttpResponseMessage CannedResponse()
    {
        var content = new ByteArrayContent(MfaSamples.VerifyAnswer);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }
}
