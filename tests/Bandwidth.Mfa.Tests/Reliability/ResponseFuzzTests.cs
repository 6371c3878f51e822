using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Reliability;

/// <summary>
/// Throws thousands of generated answers at each operation: whatever the server says, the caller sees a result or an
/// exception of the MfaException family, never a serializer, null-reference or other stray exception.
/// </summary>
public class ResponseFuzzTests
{
    private const int ResponsesPerOperation = 2500;

    private static readonly int[] Statuses = { 200, 200, 200, 201, 204, 302, 400, 401, 403, 404, 408, 418, 429, 500, 502, 503, 504 };

    [TestCase("generateMessagingCode", 11)]
    [TestCase("generateVoiceCode", 23)]
    [TestCase("verifyCode", 37)]
    public async Task Every_generated_answer_yields_a_result_or_an_mfa_exception(string operation, int seed)
    {
        var random = new Random(seed);
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var stray = new List<string>();
        var handler = new FuzzHandler(random);
        var client = TestClients.Over(handler);

        for (var i = 0; i < ResponsesPerOperation; i++)
        {
            string outcome;
            try
            {
                switch (operation)
                {
                    case "generateMessagingCode":
                        await client.GenerateMessagingCodeAsync(MockMfa.AccountId, Requests.Code());
                        break;
                    case "generateVoiceCode":
                        await client.GenerateVoiceCodeWithHttpInfoAsync(MockMfa.AccountId, Requests.Code());
                        break;
                    default:
                        await client.VerifyCodeAsync(MockMfa.AccountId, Requests.Verify());
                        break;
                }

                outcome = "success";
            }
            catch (MfaException ex)
            {
                outcome = ex.GetType().Name.Replace("`1", "<T>");
                Assert.That(ex.Operation, Is.EqualTo(operation));
                Assert.That(ex.Message, Is.Not.Empty);
            }
            catch (Exception ex)
            {
                outcome = "STRAY " + ex.GetType().FullName;
                stray.Add($"{handler.LastDescription}: {ex.GetType().FullName}: {ex.Message}");
            }

            counts[outcome] = counts.TryGetValue(outcome, out var n) ? n + 1 : 1;
        }

        TestContext.Out.WriteLine($"{operation}: {ResponsesPerOperation} answers -> " + string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
        Assert.That(stray, Is.Empty, string.Join(Environment.NewLine, stray.Take(10)));
        Assert.That(counts.Keys, Has.Member("success").And.Member("MfaInvalidResponseException").And.Member("MfaApiException<T>").And.Member("MfaApiException"),
            "the generator covers successes, unreadable bodies, documented and undocumented errors");
    }

    /// <summary>Answers each request with a random status and one of many kinds of body.</summary>
    private sealed class FuzzHandler(Random random) : HttpMessageHandler
    {
        private static readonly Func<Random, (string Kind, byte[] Body, string? MediaType)>[] Bodies =
        {
            r => ("valid", Utf8(r.Next(3) switch { 0 => "{\"messageId\":\"m-1\"}", 1 => "{\"callId\":\"c-1\"}", _ => "{\"valid\":true}" }), "application/json"),
            r => ("error body", Utf8("{\"error\":\"Internal Error\",\"requestId\":\"" + Guid.NewGuid() + "\"}"), "application/json"),
            r => ("401 body", Utf8("{\"message\":\"Unauthorized\"}"), "application/json"),
            r => ("html", Utf8("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"), "text/html"),
            r => ("empty", Array.Empty<byte>(), null),
            r => ("whitespace", Utf8("  \r\n "), "application/json"),
            r => ("json null", Utf8("null"), "application/json"),
            r => ("truncated", Utf8("{\"valid\":tr"), "application/json"),
            r => ("truncated string", Utf8("{\"messageId\":\"m-"), "application/json"),
            r => ("wrong type bool", Utf8("{\"valid\":\"maybe\"}"), "application/json"),
            r => ("wrong type object", Utf8("{\"messageId\":{\"a\":1},\"callId\":[1,2]}"), "application/json"),
            r => ("array", Utf8("[1,2,3]"), "application/json"),
            r => ("number", Utf8("42"), "application/json"),
            r => ("string", Utf8("\"ok\""), "application/json"),
            r => ("trailing garbage", Utf8("{\"valid\":true} trailing"), "application/json"),
            r => ("deep nesting", Utf8(new string('[', 5000) + new string(']', 5000)), "application/json"),
            r => ("deep objects", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2000)), "application/json"),
            r => ("very large", Utf8("{\"messageId\":\"" + new string('x', 300_000) + "\"}"), "application/json"),
            r => ("invalid utf-8", new byte[] { 0x7B, 0x22, 0x76, 0x61, 0x6C, 0x69, 0x64, 0x22, 0x3A, 0xC3, 0x28, 0xFF, 0xFE, 0x7D }, "application/json"),
            r => ("random bytes", RandomBytes(r), "application/octet-stream"),
            r => ("missing required", Utf8("{}"), "application/json"),
            r => ("nulls", Utf8("{\"valid\":null,\"messageId\":null,\"callId\":null,\"error\":null}"), "application/json"),
        };

        public string LastDescription { get; private set; } = "";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            int status;
            (string Kind, byte[] Body, string? MediaType) body;
            lock (random)
            {
                status = Statuses[random.Next(Statuses.Length)];
                body = Bodies[random.Next(Bodies.Length)](random);
            }

            LastDescription = $"HTTP {status} with {body.Kind}";
            var content = new ByteArrayContent(body.Body);
            if (body.MediaType is not null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", body.MediaType);
            }

            return Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { Content = content, RequestMessage = request });
        }

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        private static byte[] RandomBytes(Random r)
        {
            var bytes = new byte[r.Next(1, 200)];
            r.NextBytes(bytes);
            return bytes;
        }
    }
}
