using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Benchmarks.Baselines;

namespace Bandwidth.Mfa.Benchmarks.Wire;

/// <summary>
/// Proves that the client and both baselines send the same request and read the same answer, before anything is timed:
/// same method, URL and headers; the same JSON (System.Text.Json writes <c>3</c> where Newtonsoft writes <c>3.0</c>, the
/// same JSON number); the same parsed values. Throws on any difference.
/// </summary>
public static class RequestParity
{
    public static string Check()
    {
        var report = new StringBuilder();
        using var recorder = new RecordingHandler(new CannedMfaHandler());
        using var calls = new MfaCallSet(recorder, MfaSamples.InMemoryBaseAddress);
        foreach (var operation in Enum.GetValues<MfaOperation>())
        {
            var client = Record(recorder, () => calls.ClientAsync(operation), out var clientResult);
            var newtonsoft = Record(recorder, () => calls.NewtonsoftAsync(operation), out var newtonsoftResult);
            var stj = Record(recorder, () => calls.SystemTextJsonAsync(operation), out var stjResult);

            Compare(operation, "Newtonsoft baseline", client, newtonsoft);
            Compare(operation, "System.Text.Json baseline", client, stj);
            CompareResults(operation, clientResult, newtonsoftResult, stjResult);
            report.AppendLine(operation + ": " + client.Method + " " + client.Uri + " | " + string.Join(" | ", Masked(client.Headers)) + " | " + client.Body);
        }

        // The partner's path: IMfaService with Basic credentials against the same request by hand with its Basic header.
        using var partner = new PartnerCallSet(recorder, MfaSamples.InMemoryBaseAddress);
        var service = Record(recorder, async () => await partner.ServiceVerifyAsync().ConfigureAwait(false), out var serviceResult);
        var byHand = Record(recorder, async () => await partner.NewtonsoftVerifyAsync().ConfigureAwait(false), out var byHandResult);
        Compare(MfaOperation.Verify, "Newtonsoft baseline of the partner's path", service, byHand);
        var lean = Record(recorder, async () => await partner.LeanVerifyAsync().ConfigureAwait(false), out var leanResult);
        Compare(MfaOperation.Verify, "lean verify client of the partner's path", service, lean);
        if (!Equals(serviceResult, leanResult))
        {
            throw new InvalidOperationException($"Partner's path: the service read '{serviceResult}', the lean client '{leanResult}'.");
        }

        if (!Equals(serviceResult, byHandResult))
        {
            throw new InvalidOperationException($"Partner's path: the service read '{serviceResult}', the baseline '{byHandResult}'.");
        }

        report.AppendLine("partner verify: " + service.Method + " " + service.Uri + " | " + string.Join(" | ", Masked(service.Headers)) + " | " + service.Body);
        return report.ToString();
    }

    // The report is printed: credentials (fake ones here) are shown by their scheme only.
    private static string[] Masked(IReadOnlyList<string> headers) =>
        headers.Select(h => h.StartsWith("Authorization: ", StringComparison.Ordinal) ? "Authorization: " + h.Split(' ')[1] + " ***" : h).ToArray();

    private static Recorded Record(RecordingHandler recorder, Func<Task<object>> call, out object result)
    {
        recorder.Last = null;
        result = call().GetAwaiter().GetResult();
        return recorder.Last ?? throw new InvalidOperationException("Nothing was sent.");
    }

    private static void Compare(MfaOperation operation, string who, Recorded client, Recorded other)
    {
        void Fail(string what, string ours, string theirs) =>
            throw new InvalidOperationException($"{operation}: the {who} sends a different {what}: client '{ours}', baseline '{theirs}'.");

        if (client.Method != other.Method)
        {
            Fail("method", client.Method, other.Method);
        }

        if (client.Uri != other.Uri)
        {
            Fail("URL", client.Uri, other.Uri);
        }

        var ourHeaders = string.Join(" | ", client.Headers.Where(h => !h.StartsWith("Content-Length", StringComparison.OrdinalIgnoreCase)));
        var theirHeaders = string.Join(" | ", other.Headers.Where(h => !h.StartsWith("Content-Length", StringComparison.OrdinalIgnoreCase)));
        if (ourHeaders != theirHeaders)
        {
            Fail("header set", ourHeaders, theirHeaders);
        }

        if (client.Headers.All(h => !h.StartsWith("Content-Length", StringComparison.OrdinalIgnoreCase))
            || other.Headers.All(h => !h.StartsWith("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            Fail("framing (a Content-Length is expected from both)", string.Join(" | ", client.Headers), string.Join(" | ", other.Headers));
        }

        using var ours = JsonDocument.Parse(client.Body);
        using var theirs = JsonDocument.Parse(other.Body);
        if (!JsonEquals(ours.RootElement, theirs.RootElement))
        {
            Fail("JSON body", client.Body, other.Body);
        }
    }

    private static void CompareResults(MfaOperation operation, object client, object newtonsoft, object stj)
    {
        var expected = operation switch
        {
            MfaOperation.Messaging => ((MessagingCodeResponse)client).MessageId,
            MfaOperation.Voice => ((VoiceCodeResponse)client).CallId,
            _ => ((VerifyCodeResponse)client).Valid.ToString(),
        };
        string? Of(object value) => value switch
        {
            MessageSent sent => sent.MessageId,
            CallPlaced placed => placed.CallId,
            Verification verification => verification.Valid.ToString(),
            _ => null,
        };

        if (Of(newtonsoft) != expected || Of(stj) != expected)
        {
            throw new InvalidOperationException($"{operation}: the baselines parsed '{Of(newtonsoft)}' and '{Of(stj)}', the client '{expected}'.");
        }
    }

    private static bool JsonEquals(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind)
        {
            return false;
        }

        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToList();
                return left.Count == right.Count
                    && left.Zip(right).All(pair => pair.First.Name == pair.Second.Name && JsonEquals(pair.First.Value, pair.Second.Value));
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(pair => JsonEquals(pair.First, pair.Second));
            case JsonValueKind.Number:
                return a.GetDecimal() == b.GetDecimal();
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            default:
                return true;
        }
    }

    private sealed record Recorded(string Method, string Uri, IReadOnlyList<string> Headers, string Body);

    private sealed class RecordingHandler : DelegatingHandler
    {
        public RecordingHandler(HttpMessageHandler inner)
            : base(inner)
        {
        }

        public Recorded? Last { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var headers = new List<string>();
            foreach (var header in request.Headers)
            {
                headers.Add(header.Key + ": " + string.Join(", ", header.Value));
            }

            var body = string.Empty;
            if (request.Content != null)
            {
                _ = request.Content.Headers.ContentLength;
                foreach (var header in request.Content.Headers)
                {
                    headers.Add(header.Key + ": " + string.Join(", ", header.Value));
                }

                using var buffer = new MemoryStream();
                await request.Content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                body = Encoding.UTF8.GetString(buffer.ToArray());
            }

            headers.Sort(StringComparer.OrdinalIgnoreCase);
            Last = new Recorded(request.Method.Method, request.RequestUri!.AbsoluteUri, headers, body);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
    }
}
