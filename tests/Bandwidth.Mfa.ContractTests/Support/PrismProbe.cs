using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa.ContractTests.Support;

/// <summary>What passed through the client's pipeline on its way to Prism and back.</summary>
public sealed record PrismExchange(HttpMethod Method, Uri Uri, string? AuthorizationScheme, int StatusCode, IReadOnlyList<PrismViolation> Violations);

/// <summary>
/// Shared by the <see cref="PrismProbe"/> handlers of one client: what to ask Prism for, and what came back.
/// </summary>
public sealed class PrismExchangeLog
{
    /// <summary>The documented response to ask Prism for (<c>Prefer: code=NNN</c>); null for the success response.</summary>
    public int? PreferStatus { get; set; }

    public ConcurrentQueue<PrismExchange> Exchanges { get; } = new();
}

/// <summary>
/// The last handler of the client's pipeline in the contract tests (after authentication, so it sees what goes on the
/// wire): asks Prism for a particular documented response and records each exchange with Prism's violations.
/// </summary>
public sealed class PrismProbe(PrismExchangeLog log) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (log.PreferStatus is { } status)
        {
            request.Headers.TryAddWithoutValidation("Prefer", "code=" + status.ToString(CultureInfo.InvariantCulture));
        }

        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        log.Exchanges.Enqueue(new PrismExchange(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.Scheme,
            (int)response.StatusCode,
            PrismViolation.From(response)));
        return response;
    }
}
