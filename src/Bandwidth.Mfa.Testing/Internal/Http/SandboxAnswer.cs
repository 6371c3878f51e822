using System;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>An answer the sandbox decided on, turned into an <see cref="HttpResponseMessage"/> at the end.</summary>
    internal sealed class SandboxAnswer
    {
        private SandboxAnswer(HttpStatusCode status, string? body, string? contentType, string? requestId)
        {
            Status = status;
            Body = body;
            ContentType = contentType;
            RequestId = requestId;
        }

        internal HttpStatusCode Status { get; }

        internal string? Body { get; }

        internal string? ContentType { get; }

        internal string? RequestId { get; }

        internal TimeSpan? RetryAfter { get; private set; }

        internal string? Allow { get; private set; }

        internal static SandboxAnswer Json(HttpStatusCode status, JObject body)
        {
            return new SandboxAnswer(status, body.ToString(Newtonsoft.Json.Formatting.None), "application/json", null);
        }

        /// <summary>The service's error body <c>{"error": ..., "requestId": ...}</c> (400, 429, 500) with a fresh request id.</summary>
        internal static SandboxAnswer Error(HttpStatusCode status, string error)
        {
            var requestId = SandboxIds.RequestId();
            var body = new JObject { ["error"] = error, ["requestId"] = requestId };
            return new SandboxAnswer(status, body.ToString(Newtonsoft.Json.Formatting.None), "application/json", requestId);
        }

        /// <summary>A <c>{"message": ...}</c> body (401, 403 and gateway answers).</summary>
        internal static SandboxAnswer Message(HttpStatusCode status, string message)
        {
            return Json(status, new JObject { ["message"] = message });
        }

        internal static SandboxAnswer Unauthorized() => Message(HttpStatusCode.Unauthorized, "Unauthorized");

        internal static SandboxAnswer NotFound() => Message(HttpStatusCode.NotFound, "Not Found");

        internal static SandboxAnswer MethodNotAllowed()
        {
            var answer = Message(HttpStatusCode.MethodNotAllowed, "Method Not Allowed");
            answer.Allow = "POST";
            return answer;
        }

        internal static SandboxAnswer Raw(HttpStatusCode status, string? body, string? contentType, TimeSpan? retryAfter)
        {
            return new SandboxAnswer(status, body, contentType, null) { RetryAfter = retryAfter };
        }

        internal HttpResponseMessage ToResponse(HttpRequestMessage request)
        {
            var response = new HttpResponseMessage(Status) { RequestMessage = request };
            if (Body != null)
            {
                var content = new StringContent(Body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue(ContentType ?? "application/json") { CharSet = "utf-8" };
                response.Content = content;
            }
            else
            {
                response.Content = new ByteArrayContent(Array.Empty<byte>());
            }

            if (RetryAfter.HasValue)
            {
                var seconds = (long)Math.Ceiling(RetryAfter.Value.TotalSeconds);
                response.Headers.TryAddWithoutValidation("Retry-After", seconds.ToString(CultureInfo.InvariantCulture));
            }

            if (Allow != null)
            {
                response.Content.Headers.Allow.Add(Allow);
            }

            return response;
        }
    }
}
