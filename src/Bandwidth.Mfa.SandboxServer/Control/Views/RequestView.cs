using System;
using System.Text.Json;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>One entry of the request log, as the JSON API writes it (no bodies, codes or credentials).</summary>
    internal sealed record RequestView(string Operation, string? AccountId, string? AuthenticationScheme, int? Status, string? RequestId, DateTimeOffset ReceivedAt)
    {
        internal static RequestView Of(MfaSandboxRequest r) =>
            new RequestView(JsonNamingPolicy.CamelCase.ConvertName(r.Operation.ToString()), r.AccountId, r.AuthenticationScheme, r.StatusCode, r.RequestId, r.ReceivedAt);
    }
}
