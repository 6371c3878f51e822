using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>How the server writes JSON: one set of serializer options, and the <c>{"error": ...}</c> body of every refusal.</summary>
    internal static class JsonAnswers
    {
        internal static readonly JsonSerializerOptions Options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,

            // The web defaults would read "3" as 3; a number sent as a string is the wrong type, as the service would say.
            NumberHandling = JsonNumberHandling.Strict,

            // Answers are JSON for programs and for a page that puts text in with textContent, never into HTML, so
            // '+' in numbers and '<' in message texts stay readable instead of becoming \u002B and \u003C.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };

        internal static IResult Error(HttpStatusCode status, string message) =>
            Results.Json(new { error = message }, Options, statusCode: (int)status);
    }
}
