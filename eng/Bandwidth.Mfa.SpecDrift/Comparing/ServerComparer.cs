using System;
using System.Collections.Generic;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>
/// Compares where an operation is served. The servers that apply are the operation's, else its path's, else the
/// document's (OpenAPI's rule), and each is turned into the whole address of the operation: the server URL (variables
/// at their defaults, scheme and host in lower case, no default port, no trailing slash) followed by the path with its
/// parameters written <c>{}</c>. So a base path moved between the server URL and the paths is no difference, and a
/// changed host or version is.
/// </summary>
internal static class ServerComparer
{
    /// <summary>The pointer of the servers that apply and the whole addresses they give the operation.</summary>
    public static (string Pointer, IReadOnlyList<string> Addresses) Addresses(OpenApiDocument document, string path, IOpenApiPathItem item, OpenApiOperation? operation, string operationPointer)
    {
        var (pointer, servers) = operation?.Servers is { Count: > 0 } own ? (operationPointer + "/servers", own)
            : item.Servers is { Count: > 0 } shared ? (OperationRef.PathPointer(path) + "/servers", shared)
            : ("#/servers", document.Servers ?? []);
        var urls = servers.Count > 0 ? servers.Select(Url).ToList() : [string.Empty];
        var route = "/" + string.Join('/', OperationLocator.Segments(path));
        return (pointer, urls.Select(url => url + route).ToList());
    }

    /// <summary>
    /// Records the differences between the addresses of our operation and the vendor's. Messages name the base of each
    /// address (the address without our path), so that a server shared by the three operations is one line.
    /// </summary>
    public static void Compare(DriftSink sink, (string Pointer, IReadOnlyList<string> Addresses) ours, (string Pointer, IReadOnlyList<string> Addresses) vendor, string oursPath)
    {
        var route = "/" + string.Join('/', OperationLocator.Segments(oursPath));
        string Base(string address) => address.EndsWith(route, StringComparison.Ordinal) ? address[..^route.Length] : address;
        for (var i = 0; i < ours.Addresses.Count; i++)
        {
            if (!vendor.Addresses.Contains(ours.Addresses[i], StringComparer.Ordinal))
            {
                var at = new Location($"{ours.Pointer}/{i}", vendor.Pointer, false, true);
                var listed = string.Join(", ", vendor.Addresses.Select(a => $"`{Base(a)}`"));
                if (i == 0)
                {
                    sink.Add(DriftClass.Incompatible, at, $"server: the client calls the operations under `{Base(ours.Addresses[i])}`, where the vendor's document does not serve them (it serves them under {listed})");
                }
                else
                {
                    sink.Add(DriftClass.OursLooser, at, $"server: ours also lists `{Base(ours.Addresses[i])}`, which the vendor's document does not");
                }
            }
        }

        if (!vendor.Addresses.Contains(ours.Addresses[0], StringComparer.Ordinal))
        {
            return; // the incompatible line already names the vendor's servers
        }

        for (var i = 0; i < vendor.Addresses.Count; i++)
        {
            if (!ours.Addresses.Contains(vendor.Addresses[i], StringComparer.Ordinal))
            {
                sink.Add(DriftClass.NewCapability, new Location(ours.Pointer, $"{vendor.Pointer}/{i}", true, false), $"server: the vendor also serves the operations under `{Base(vendor.Addresses[i])}`");
            }
        }
    }

    private static string Url(OpenApiServer server)
    {
        var url = server.Url ?? string.Empty;
        foreach (var (name, variable) in server.Variables ?? new Dictionary<string, OpenApiServerVariable>())
        {
            url = url.Replace("{" + name + "}", variable.Default ?? string.Empty, StringComparison.Ordinal);
        }

        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            var port = uri.IsDefaultPort ? string.Empty : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            url = $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{port}{uri.AbsolutePath}";
        }

        return url.TrimEnd('/');
    }
}
