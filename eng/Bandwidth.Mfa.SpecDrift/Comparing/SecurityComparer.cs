using System;
using System.Collections.Generic;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Reading;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>
/// Compares how an operation is authenticated: the requirements that apply (the operation's, else the document's), as
/// sets of alternatives, and the definition of every scheme they name. A scheme is paired with the vendor's by name,
/// else by an identical definition (a renamed scheme is no difference: its name is not on the wire).
/// </summary>
internal sealed class SecurityComparer(DriftSink sink, SpecDocument ours, SpecDocument vendor)
{
    /// <summary>Compares the security of <paramref name="oursOperation"/> with that of <paramref name="vendorOperation"/>.</summary>
    /// <exception cref="SpecReadException">A requirement names a scheme that does not exist.</exception>
    public void Compare(OperationRef oursOperation, OperationRef vendorOperation)
    {
        var (oursPointer, oursAlternatives) = Requirements(ours, oursOperation);
        var (vendorPointer, vendorAlternatives) = Requirements(vendor, vendorOperation);
        var pairs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in oursAlternatives.SelectMany(a => a.Keys).Distinct())
        {
            pairs[name] = Pair(name);
            if (pairs[name] is { } vendorName && vendorAlternatives.Any(a => a.ContainsKey(vendorName)))
            {
                CompareScheme(name, vendorName);
            }
        }

        var oursKeys = oursAlternatives.Select(a => Key(a, name => pairs[name] ?? "(ours only) " + name)).ToList();
        var vendorKeys = vendorAlternatives.Select(a => Key(a, name => name)).ToList();
        for (var i = 0; i < oursKeys.Count; i++)
        {
            if (!vendorKeys.Contains(oursKeys[i], StringComparer.Ordinal))
            {
                sink.Add(DriftClass.Incompatible, new Location($"{oursPointer}/{i}", vendorPointer, false, true), $"security: the vendor no longer accepts {Show(oursAlternatives[i])} for this operation");
            }
        }

        for (var i = 0; i < vendorKeys.Count; i++)
        {
            if (!oursKeys.Contains(vendorKeys[i], StringComparer.Ordinal))
            {
                var anonymous = vendorAlternatives[i].Count == 0;
                sink.Add(anonymous ? DriftClass.OursStricter : DriftClass.NewCapability, new Location(oursPointer, $"{vendorPointer}/{i}", true, false), anonymous
                    ? "security: the vendor also accepts calls without credentials"
                    : $"security: the vendor also accepts {Show(vendorAlternatives[i])}");
            }
        }
    }

    private static (string Pointer, List<Dictionary<string, List<string>>> Alternatives) Requirements(SpecDocument document, OperationRef operation)
    {
        var (pointer, requirements) = operation.Operation.Security is { } own ? (operation.Pointer + "/security", own) : ("#/security", document.Document.Security ?? []);
        var alternatives = new List<Dictionary<string, List<string>>>();
        foreach (var requirement in requirements)
        {
            var alternative = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (scheme, scopes) in requirement)
            {
                var name = scheme.Reference.Id ?? string.Empty;
                if (scheme.Target is null)
                {
                    throw new SpecReadException($"{document.Name}: cannot be used: the security requirement at {pointer} names the scheme '{name}', which is not defined.");
                }

                alternative[name] = scopes.Order(StringComparer.Ordinal).ToList();
            }

            alternatives.Add(alternative);
        }

        return (pointer, alternatives);
    }

    private static string Key(Dictionary<string, List<string>> alternative, Func<string, string> rename) =>
        string.Join(" + ", alternative.Select(p => rename(p.Key) + "[" + string.Join(",", p.Value) + "]").Order(StringComparer.Ordinal));

    private static string Show(Dictionary<string, List<string>> alternative) => alternative.Count == 0
        ? "no credentials"
        : string.Join(" with ", alternative.Select(p => $"`{p.Key}`" + (p.Value.Count > 0 ? $" (scopes {string.Join(", ", p.Value)})" : string.Empty)));

    private string? Pair(string name)
    {
        var vendorSchemes = vendor.Document.Components?.SecuritySchemes ?? new Dictionary<string, IOpenApiSecurityScheme>();
        if (vendorSchemes.ContainsKey(name))
        {
            return name;
        }

        var mine = Scheme(ours, name);
        return vendorSchemes.Keys.FirstOrDefault(other => mine is not null && Canonical(mine) == Canonical(Scheme(vendor, other)!));
    }

    private static IOpenApiSecurityScheme? Scheme(SpecDocument document, string name)
    {
        if (document.Document.Components?.SecuritySchemes?.TryGetValue(name, out var scheme) != true || scheme is null)
        {
            return null;
        }

        var pointer = "#/components/securitySchemes/" + Location.Escape(name);
        return Refs.Follow(scheme, ref pointer, document.Name);
    }

    private static string Canonical(IOpenApiSecurityScheme scheme) => string.Join(
        "|",
        scheme.Type,
        scheme.Scheme?.ToLowerInvariant(),
        scheme.In,
        scheme.Name,
        scheme.OpenIdConnectUrl,
        string.Join(";", Flows(scheme).Select(f => $"{f.Name}:{f.Flow.TokenUrl}:{f.Flow.AuthorizationUrl}:{string.Join(",", (f.Flow.Scopes ?? new Dictionary<string, string>()).Keys.Order(StringComparer.Ordinal))}")));

    private static IEnumerable<(string Name, OpenApiOAuthFlow Flow)> Flows(IOpenApiSecurityScheme scheme)
    {
        var flows = scheme.Flows;
        var all = new (string, OpenApiOAuthFlow?)[]
        {
            ("implicit", flows?.Implicit), ("password", flows?.Password), ("clientCredentials", flows?.ClientCredentials), ("authorizationCode", flows?.AuthorizationCode),
        };
        return all.Where(f => f.Item2 is not null).Select(f => (f.Item1, f.Item2!));
    }

    private void CompareScheme(string oursName, string vendorName)
    {
        var mine = Scheme(ours, oursName);
        var theirs = Scheme(vendor, vendorName);
        if (mine is null || theirs is null)
        {
            return;
        }

        var at = new Location("#/components/securitySchemes/" + Location.Escape(oursName), "#/components/securitySchemes/" + Location.Escape(vendorName));
        var label = $"security scheme `{oursName}`";
        Field(at.Child("type"), label, "type", mine.Type?.ToString(), theirs.Type?.ToString(), DriftClass.Incompatible);
        Field(at.Child("scheme"), label, "scheme", mine.Scheme?.ToLowerInvariant(), theirs.Scheme?.ToLowerInvariant(), DriftClass.Incompatible);
        Field(at.Child("bearerFormat"), label, "bearerFormat", mine.BearerFormat, theirs.BearerFormat, DriftClass.Neutral);
        Field(at.Child("in"), label, "in", mine.In?.ToString(), theirs.In?.ToString(), DriftClass.Incompatible);
        Field(at.Child("name"), label, "name", mine.Name, theirs.Name, DriftClass.Incompatible);
        Field(at.Child("openIdConnectUrl"), label, "openIdConnectUrl", mine.OpenIdConnectUrl?.ToString(), theirs.OpenIdConnectUrl?.ToString(), DriftClass.Incompatible);

        var oursFlows = Flows(mine).ToDictionary(f => f.Name, f => f.Flow, StringComparer.Ordinal);
        var vendorFlows = Flows(theirs).ToDictionary(f => f.Name, f => f.Flow, StringComparer.Ordinal);
        foreach (var flow in oursFlows.Keys.Union(vendorFlows.Keys).Order(StringComparer.Ordinal))
        {
            var flowAt = at.Child("flows", flow);
            if (!vendorFlows.TryGetValue(flow, out var theirFlow))
            {
                sink.Add(DriftClass.Incompatible, flowAt.OnlyOurs(), $"{label}: the vendor no longer offers the {flow} flow");
                continue;
            }

            if (!oursFlows.TryGetValue(flow, out var myFlow))
            {
                sink.Add(DriftClass.NewCapability, flowAt.OnlyVendor(), $"{label}: the vendor also offers the {flow} flow");
                continue;
            }

            Field(flowAt.Child("tokenUrl"), label, $"{flow} tokenUrl", myFlow.TokenUrl?.ToString(), theirFlow.TokenUrl?.ToString(), DriftClass.Incompatible);
            Field(flowAt.Child("authorizationUrl"), label, $"{flow} authorizationUrl", myFlow.AuthorizationUrl?.ToString(), theirFlow.AuthorizationUrl?.ToString(), DriftClass.Incompatible);
            Field(flowAt.Child("refreshUrl"), label, $"{flow} refreshUrl", myFlow.RefreshUrl?.ToString(), theirFlow.RefreshUrl?.ToString(), DriftClass.Neutral);
            var myScopes = (myFlow.Scopes ?? new Dictionary<string, string>()).Keys.ToHashSet(StringComparer.Ordinal);
            var theirScopes = (theirFlow.Scopes ?? new Dictionary<string, string>()).Keys.ToHashSet(StringComparer.Ordinal);
            foreach (var scope in theirScopes.Except(myScopes).Order(StringComparer.Ordinal))
            {
                sink.Add(DriftClass.NewCapability, flowAt.Child("scopes", scope).OnlyVendor(), $"{label}: the vendor offers the scope `{scope}`");
            }

            foreach (var scope in myScopes.Except(theirScopes).Order(StringComparer.Ordinal))
            {
                sink.Add(DriftClass.OursLooser, flowAt.Child("scopes", scope).OnlyOurs(), $"{label}: the vendor no longer offers the scope `{scope}`");
            }
        }
    }

    private void Field(Location at, string label, string field, string? mine, string? theirs, DriftClass driftClass)
    {
        if (!string.Equals(mine, theirs, StringComparison.Ordinal))
        {
            sink.Add(driftClass, at with { OursAbsent = mine is null, VendorAbsent = theirs is null }, $"{label}: {field} `{mine ?? "none"}` in ours, `{theirs ?? "none"}` in the vendor's");
        }
    }
}
