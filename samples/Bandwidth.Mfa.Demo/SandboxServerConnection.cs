using System;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>
    /// The demo's <c>--sandbox-url</c>: a sandbox server (src/Bandwidth.Mfa.SandboxServer) that is already running. The
    /// client is pointed at its MFA API with the sandbox's example account, credentials, numbers and applications; the
    /// code that "reached the phone" is read from the server's JSON API with a plain HttpClient (System.Text.Json comes
    /// with the runtime, so this needs no package).
    /// </summary>
    internal sealed class SandboxServerConnection : IDisposable
    {
        /// <summary>How to start a server from a clone of the repository.</summary>
        internal const string StartCommand = "dotnet run --project src/Bandwidth.Mfa.SandboxServer";

        /// <summary>The server's port when it is started without <c>--port</c>.</summary>
        private const int DefaultPort = 5380;

        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

        private readonly HttpClient _http;

        internal SandboxServerConnection(Uri root)
        {
            Root = root;
            _http = new HttpClient { BaseAddress = root, Timeout = Timeout };
        }

        /// <summary>The server's root, ending with '/'.</summary>
        internal Uri Root { get; }

        /// <summary>Options of a client that talks to the server as the sandbox's example account.</summary>
        internal MfaOptions CreateClientOptions()
        {
            var options = new MfaOptions
            {
                BaseUrl = new Uri(Root, "api/v1/"),
                TokenUrl = new Uri(Root, "api/v1/oauth2/token"),
                AccountId = MfaSandbox.ExampleAccountId,
                Username = MfaSandbox.ExampleUsername,
                Password = MfaSandbox.ExamplePassword,
            };
            options.Messaging.From = MfaSandbox.ExampleFrom;
            options.Messaging.ApplicationId = MfaSandbox.ExampleMessagingApplicationId;
            options.Voice.From = MfaSandbox.ExampleFrom;
            options.Voice.ApplicationId = MfaSandbox.ExampleVoiceApplicationId;
            return options;
        }

        /// <summary>
        /// Makes sure a sandbox server answers at <see cref="Root"/> before anything is sent (<c>GET /sandbox/api/info</c>).
        /// </summary>
        /// <exception cref="SandboxServerException">Nothing answers there, or what answers is not a sandbox server.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        internal async Task CheckAsync(CancellationToken cancellationToken)
        {
            using var document = await GetJsonAsync("sandbox/api/info", cancellationToken).ConfigureAwait(false);
            if (document.Status != HttpStatusCode.OK || document.Json?.RootElement.ValueKind != JsonValueKind.Object
                || !document.Json.RootElement.TryGetProperty("baseUrl", out _))
            {
                throw new SandboxServerException(Root + " answered GET /sandbox/api/info with " + (int)document.Status
                    + " but not as a Bandwidth MFA sandbox server does; start one with: " + StartHint());
            }
        }

        /// <summary>The last code the server "sent" to <paramref name="to"/> for <paramref name="scope"/> (<c>GET /sandbox/api/numbers/{to}/last-code</c>).</summary>
        /// <exception cref="SandboxServerException">The server is gone, has no such code, or its answer is not the message expected.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        internal async Task<(string Id, string Code, string Text)> LastCodeAsync(string to, string scope, CancellationToken cancellationToken)
        {
            var path = "sandbox/api/numbers/" + Uri.EscapeDataString(to) + "/last-code?scope=" + Uri.EscapeDataString(scope);
            using var document = await GetJsonAsync(path, cancellationToken).ConfigureAwait(false);
            var root = document.Json?.RootElement;
            if (document.Status != HttpStatusCode.OK || root?.ValueKind != JsonValueKind.Object)
            {
                throw new SandboxServerException("the sandbox server at " + Root + " has no code for " + MfaRedaction.PhoneNumber(to)
                    + " (GET last-code answered " + (int)document.Status + ")");
            }

            string Text(string name) =>
                root.Value.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()!
                    : throw new SandboxServerException("the sandbox server at " + Root + " answered last-code without '" + name + "'");

            return (Text("id"), Text("code"), Text("text"));
        }

        public void Dispose() => _http.Dispose();

        private async Task<JsonAnswer> GetJsonAsync(string path, CancellationToken cancellationToken)
        {
            HttpResponseMessage response;
            try
            {
                response = await _http.GetAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                throw new SandboxServerException("no sandbox server answers at " + Root + " (" + exception.Message + "); start one with: " + StartHint());
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new SandboxServerException("the sandbox server at " + Root + " did not answer within " + Timeout.TotalSeconds + " s; is it running? Start one with: " + StartHint());
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                JsonDocument? json = null;
                try
                {
                    json = body.Length == 0 ? null : JsonDocument.Parse(body);
                }
                catch (JsonException)
                {
                    // Not JSON: not a sandbox server; the caller says so.
                }

                return new JsonAnswer(response.StatusCode, json);
            }
        }

        /// <summary>The start command, with the port when the URL names another one than the server's default.</summary>
        private string StartHint() => StartCommand + (Root.Port == DefaultPort ? string.Empty : " -- --port " + Root.Port);

        private sealed class JsonAnswer : IDisposable
        {
            internal JsonAnswer(HttpStatusCode status, JsonDocument? json)
            {
                Status = status;
                Json = json;
            }

            internal HttpStatusCode Status { get; }

            internal JsonDocument? Json { get; }

            public void Dispose() => Json?.Dispose();
        }
    }

    /// <summary>The sandbox server of <c>--sandbox-url</c> is not there or did not answer as expected; the message is one line.</summary>
    internal sealed class SandboxServerException : Exception
    {
        internal SandboxServerException(string message)
            : base(message)
        {
        }
    }
}
