using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Bandwidth.Mfa.SandboxServer.Tests.Support;
using Newtonsoft.Json.Linq;
using NUnit.Framework;
using static Bandwidth.Mfa.SandboxServer.Tests.Support.SandboxClients;

namespace Bandwidth.Mfa.SandboxServer.Tests.Hosting;

/// <summary>
/// A body over 64 KiB gets the documented JSON 413 on every endpoint, whether it comes with a Content-Length or chunked,
/// below or above the size at which Kestrel's own limit would step in; nothing it asks for happens, and the server's log
/// shows no stack trace.
/// </summary>
public class BodyLimitTests
{
    private const string TooLarge = "the request body is larger than 64 KiB";

    private static readonly (string Method, string Path)[] Endpoints =
    {
        ("POST", "api/v1/accounts/" + AccountId + "/code/messaging"),
        ("POST", "api/v1/accounts/" + AccountId + "/code/voice"),
        ("POST", "api/v1/accounts/" + AccountId + "/code/verify"),
        ("POST", "api/v1/oauth2/token"),
        ("POST", "api/v1/no-such-operation"),
        ("POST", "sandbox/api/failures"),
        ("POST", "sandbox/api/failures/clear"),
        ("POST", "sandbox/api/clear"),
        ("POST", "sandbox/api/reset"),
        ("POST", "sandbox/api/tokens/revoke"),
        ("POST", "sandbox/api/no-such-endpoint"),
        ("GET", "sandbox/api/outbox"),
        ("GET", "sandbox/api/numbers/" + To + "/last-code"),
        ("GET", "sandbox/api/info"),
        ("GET", ""),
    };

    [Test]
    public async Task Every_endpoint_answers_an_oversized_body_with_the_JSON_413_and_does_nothing_it_asks()
    {
        var server = await ServerProcess.StartAsync();
        var failures = new List<string>();
        await using (server)
        {
            using var http = Http(server);
            using var mfa = Client(server);
            await mfa.SendSmsCodeAsync(To);

            // 70 KiB lies between the server's limit and Kestrel's default of 128 KiB; 1 MiB is far above both.
            foreach (var size in new[] { 70 * 1024, 1024 * 1024 })
            {
                // A body the endpoints would act on if they read it: a failure to queue, a verification, a token request.
                var body = "{\"failure\":\"internalServerError\",\"to\":\"" + To + "\",\"padding\":\"" + new string('x', size) + "\"}";
                foreach (var chunked in new[] { false, true })
                {
                    foreach (var (method, path) in Endpoints)
                    {
                        var what = method + " /" + path + " with " + (size / 1024) + " KiB" + (chunked ? ", chunked" : ", Content-Length");
                        var (status, mediaType, text) = await SendAsync(http, method, path, body, chunked);
                        if (status != 413 || mediaType != "application/json" || text != "{\"error\":\"" + TooLarge + "\"}")
                        {
                            failures.Add(what + ": " + status + " " + mediaType + " " + (text.Length > 200 ? text.Substring(0, 200) : text));
                        }
                    }
                }
            }

            var (_, outbox, _) = await GetAsync(http, "sandbox/api/outbox");
            Assert.That(await mfa.SendSmsCodeAsync(To), Is.Not.Null, "the server goes on answering");
            Assert.Multiple(() =>
            {
                Assert.That(failures, Is.Empty, string.Join("\n", failures));
                Assert.That(((JArray)outbox!["messages"]!).Count, Is.EqualTo(1), "neither clear nor reset happened");
                Assert.That((int)outbox["pendingFailures"]!, Is.Zero, "no failure was queued");
                Assert.That((JArray)outbox["verifications"]!, Is.Empty, "no verification was decided");
            });
        }

        // Stopped, so everything it logged has been written.
        Assert.That(server.Output + server.Error, Does.Not.Contain("Exception").And.Not.Contain("   at "));
    }

    [Test]
    public async Task A_body_of_exactly_64_KiB_is_read_and_answered_normally()
    {
        await using var server = await ServerProcess.StartAsync();
        using var http = Http(server);
        var prefix = "{\"failure\":\"forbidden\",\"padding\":\"";
        var body = prefix + new string('x', (64 * 1024) - prefix.Length - 2) + "\"}";
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.EqualTo(64 * 1024));

        foreach (var chunked in new[] { false, true })
        {
            var (status, _, text) = await SendAsync(http, "POST", "sandbox/api/failures", body, chunked);
            Assert.That(status, Is.EqualTo(201), text);
        }

        Assert.That((int)(await GetAsync(http, "sandbox/api/outbox")).Json!["pendingFailures"]!, Is.EqualTo(2));
    }

    [Test]
    public async Task A_broken_chunked_body_is_a_JSON_400_without_a_stack_trace_in_the_log()
    {
        var server = await ServerProcess.StartAsync();
        string answer;
        await using (server)
        {
            // Raw bytes: HttpClient cannot send a chunk size that is no hexadecimal number.
            using var tcp = new System.Net.Sockets.TcpClient();
            await tcp.ConnectAsync(server.Root.Host, server.Root.Port);
            using var stream = tcp.GetStream();
            var request = "POST /api/v1/accounts/" + AccountId + "/code/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Authorization: Basic c2FuZGJveC11c2VyOnNhbmRib3gtcGFzc3dvcmQ=\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            using var bound = new System.Threading.CancellationTokenSource(TimeSpan.FromSeconds(20));
            using var reader = new System.IO.StreamReader(stream, Encoding.UTF8);
            answer = await reader.ReadToEndAsync(bound.Token);
        }

        Assert.That(answer, Does.StartWith("HTTP/1.1 400 ").And.Contain("Content-Type: application/json").And.Contain("{\"error\":\"the request body could not be read: "));
        Assert.That(server.Output + server.Error, Does.Not.Contain("Exception").And.Not.Contain("   at "));
    }

    private static async Task<(int Status, string? MediaType, string Body)> SendAsync(HttpClient http, string method, string path, string body, bool chunked)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        if (chunked)
        {
            await content.LoadIntoBufferAsync();
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", "c2FuZGJveC11c2VyOnNhbmRib3gtcGFzc3dvcmQ=");
        try
        {
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException exception)
        {
            // Reported with the others: a connection reset instead of an answer is a failure of its own.
            return (0, null, exception.GetType().Name + ": " + exception.Message);
        }
    }
}
