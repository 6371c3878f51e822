using System;
using System.Collections.Generic;
using System.Linq;
using Bandwidth.Mfa.SpecDrift.Model;
using Bandwidth.Mfa.SpecDrift.Reading;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>
/// Compares one of our operations with the vendor's operation on the same path and method: parameters, request body,
/// answers (status codes, media types, bodies, headers), security and servers. Operation ids, tags, summaries and
/// descriptions are not compared.
/// </summary>
internal sealed class OperationComparer(DriftSink sink, SpecDocument ours, SpecDocument vendor)
{
    private readonly SchemaComparer _schemas = new(sink, ours.Name, vendor.Name);
    private readonly SecurityComparer _security = new(sink, ours, vendor);

    /// <summary>Compares <paramref name="mine"/> with <paramref name="theirs"/>.</summary>
    /// <exception cref="SpecReadException">A reference that the comparison needs does not resolve.</exception>
    public void Compare(OperationRef mine, OperationRef theirs)
    {
        var at = new Location(mine.Pointer, theirs.Pointer);
        _schemas.StartOperation();
        CompareParameters(mine, theirs);
        CompareRequestBody(mine.Operation.RequestBody, theirs.Operation.RequestBody, at.Child("requestBody"));
        CompareResponses(mine.Operation.Responses, theirs.Operation.Responses, at.Child("responses"));
        _security.Compare(mine, theirs);
        ServerComparer.Compare(
            sink,
            ServerComparer.Addresses(ours.Document, mine.Path, mine.Item, mine.Operation, mine.Pointer),
            ServerComparer.Addresses(vendor.Document, theirs.Path, theirs.Item, theirs.Operation, theirs.Pointer),
            mine.Path);
        if (mine.Operation.Deprecated != theirs.Operation.Deprecated)
        {
            sink.Add(DriftClass.Neutral, at.Child("deprecated") with { OursAbsent = !mine.Operation.Deprecated, VendorAbsent = !theirs.Operation.Deprecated }, $"operation: deprecated only in {(mine.Operation.Deprecated ? "ours" : "the vendor's")}");
        }
    }

    private void CompareParameters(OperationRef mine, OperationRef theirs)
    {
        var oursParameters = Parameters(ours, mine);
        var vendorParameters = Parameters(vendor, theirs);
        foreach (var key in oursParameters.Keys.Union(vendorParameters.Keys).Order(StringComparer.Ordinal))
        {
            var inOurs = oursParameters.TryGetValue(key, out var o);
            var inVendor = vendorParameters.TryGetValue(key, out var v);
            if (!inOurs)
            {
                var required = v.Parameter.Required;
                sink.Add(required ? DriftClass.Incompatible : DriftClass.NewCapability, new Location(mine.Pointer + "/parameters", v.Pointer, true, false), $"parameter {Describe(v.Parameter)}: only the vendor's document has it ({(required ? "required, and the client does not send it" : "optional")})");
                continue;
            }

            var at = new Location(o.Pointer, inVendor ? v.Pointer : theirs.Pointer + "/parameters", false, !inVendor);
            if (!inVendor)
            {
                sink.Add(DriftClass.OursLooser, at, $"parameter {Describe(o.Parameter)}: only ours has it; the vendor no longer documents it, so it means nothing documented");
                continue;
            }

            if (o.Parameter.In == ParameterLocation.Path && o.Parameter.Name != v.Parameter.Name)
            {
                sink.Add(DriftClass.Neutral, at.Child("name"), $"parameter {Describe(o.Parameter)}: named `{v.Parameter.Name}` in the vendor's (a path parameter's name is not on the wire)");
            }

            if (o.Parameter.Required != v.Parameter.Required)
            {
                var driftClass = v.Parameter.Required ? DriftClass.Incompatible : DriftClass.OursStricter;
                sink.Add(driftClass, at.Child("required"), $"parameter {Describe(o.Parameter)}: required only in {(o.Parameter.Required ? "ours" : "the vendor's")}");
            }

            if (o.Parameter.Style != v.Parameter.Style || o.Parameter.Explode != v.Parameter.Explode)
            {
                sink.Add(DriftClass.Incompatible, at.Child("style"), $"parameter {Describe(o.Parameter)}: written differently (style {o.Parameter.Style}/explode {o.Parameter.Explode} in ours, {v.Parameter.Style}/{v.Parameter.Explode} in the vendor's)");
            }

            if (o.Parameter.Deprecated != v.Parameter.Deprecated)
            {
                sink.Add(DriftClass.Neutral, at.Child("deprecated"), $"parameter {Describe(o.Parameter)}: deprecated only in {(o.Parameter.Deprecated ? "ours" : "the vendor's")}");
            }

            _schemas.Compare(o.Parameter.Schema, v.Parameter.Schema, at.Child("schema"), Direction.Request, "parameter " + o.Parameter.Name);
            CompareContent(o.Parameter.Content, v.Parameter.Content, at.Child("content"), Direction.Request, "parameter " + o.Parameter.Name);
        }
    }

    /// <summary>
    /// The parameters that apply to an operation (the path's, overridden by the operation's), keyed by where they go: a
    /// path parameter by its position in the path template, any other by location and name (header names in any case).
    /// </summary>
    private static Dictionary<string, (IOpenApiParameter Parameter, string Pointer)> Parameters(SpecDocument document, OperationRef operation)
    {
        var result = new Dictionary<string, (IOpenApiParameter, string)>(StringComparer.Ordinal);
        var sources = new[]
        {
            (operation.Item.Parameters ?? [], OperationRef.PathPointer(operation.Path) + "/parameters"),
            (operation.Operation.Parameters ?? [], operation.Pointer + "/parameters"),
        };
        var templateNames = operation.Path.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')).Select(s => s[1..^1]).ToList();
        foreach (var (list, listPointer) in sources)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var pointer = $"{listPointer}/{i}";
                var parameter = Refs.Follow(list[i], ref pointer, document.Name);
                var name = parameter.Name ?? string.Empty;
                var key = parameter.In switch
                {
                    ParameterLocation.Path => "path #" + (templateNames.IndexOf(name) is var index and >= 0 ? index : 99).ToString(System.Globalization.CultureInfo.InvariantCulture) + (templateNames.Contains(name) ? string.Empty : " " + name),
                    ParameterLocation.Header => "header " + name.ToLowerInvariant(),
                    _ => $"{parameter.In} {name}".ToLowerInvariant(),
                };
                result[key] = (parameter, pointer);
            }
        }

        return result;
    }

    private static string Describe(IOpenApiParameter parameter) => $"`{parameter.Name}` ({parameter.In?.ToString().ToLowerInvariant()})";

    private void CompareRequestBody(IOpenApiRequestBody? mine, IOpenApiRequestBody? theirs, Location at)
    {
        var (oursPointer, vendorPointer) = (at.Ours, at.Vendor);
        mine = mine is null ? null : Refs.Follow(mine, ref oursPointer, ours.Name);
        theirs = theirs is null ? null : Refs.Follow(theirs, ref vendorPointer, vendor.Name);
        at = at with { Ours = oursPointer, Vendor = vendorPointer };
        if (mine is null && theirs is null)
        {
            return;
        }

        if (mine is null)
        {
            sink.Add(theirs!.Required ? DriftClass.Incompatible : DriftClass.NewCapability, at.OnlyVendor(), $"request body: only the vendor's operation takes one ({(theirs.Required ? "required" : "optional")})");
            return;
        }

        if (theirs is null)
        {
            sink.Add(DriftClass.Incompatible, at.OnlyOurs(), "request body: the vendor's operation takes none");
            return;
        }

        if (mine.Required != theirs.Required)
        {
            sink.Add(theirs.Required ? DriftClass.Incompatible : DriftClass.OursStricter, at.Child("required"), $"request body: required only in {(mine.Required ? "ours" : "the vendor's")}");
        }

        CompareContent(mine.Content, theirs.Content, at.Child("content"), Direction.Request, string.Empty);
    }

    private void CompareContent(IDictionary<string, IOpenApiMediaType>? mine, IDictionary<string, IOpenApiMediaType>? theirs, Location at, Direction direction, string subject)
    {
        var oursTypes = Media(mine);
        var vendorTypes = Media(theirs);
        var noun = subject.Length > 0 ? subject : Rules.Noun(direction) + " body";
        foreach (var type in oursTypes.Keys.Union(vendorTypes.Keys).Order(StringComparer.Ordinal))
        {
            var inOurs = oursTypes.TryGetValue(type, out var o);
            var inVendor = vendorTypes.TryGetValue(type, out var v);
            var place = new Location(at.Ours + "/" + Location.Escape(inOurs ? o.Key : type), at.Vendor + "/" + Location.Escape(inVendor ? v.Key : type), !inOurs, !inVendor);
            if (!inVendor)
            {
                var what = direction == Direction.Request ? "the vendor no longer accepts it" : "the vendor no longer sends it";
                sink.Add(DriftClass.Incompatible, place, $"{noun}: media type `{type}` only in ours; {what}");
            }
            else if (!inOurs)
            {
                sink.Add(DriftClass.NewCapability, place, $"{noun}: media type `{type}` only in the vendor's");
            }
            else
            {
                _schemas.Compare(o.Value.Schema, v.Value.Schema, place.Child("schema"), direction, subject.StartsWith("parameter ", StringComparison.Ordinal) ? string.Empty : subject);
            }
        }
    }

    /// <summary>Media types by their type and subtype in lower case (parameters such as charset dropped), with the key as written.</summary>
    private static Dictionary<string, KeyValuePair<string, IOpenApiMediaType>> Media(IDictionary<string, IOpenApiMediaType>? content)
    {
        var result = new Dictionary<string, KeyValuePair<string, IOpenApiMediaType>>(StringComparer.Ordinal);
        foreach (var entry in content ?? new Dictionary<string, IOpenApiMediaType>())
        {
            result.TryAdd(entry.Key.Split(';')[0].Trim().ToLowerInvariant(), entry);
        }

        return result;
    }

    private void CompareResponses(OpenApiResponses? mine, OpenApiResponses? theirs, Location at)
    {
        mine ??= [];
        theirs ??= [];
        var oursCodes = mine.Keys.ToDictionary(k => k.ToUpperInvariant(), k => k, StringComparer.Ordinal);
        var vendorCodes = theirs.Keys.ToDictionary(k => k.ToUpperInvariant(), k => k, StringComparer.Ordinal);
        foreach (var code in oursCodes.Keys.Union(vendorCodes.Keys).Order(StringComparer.Ordinal))
        {
            var inOurs = oursCodes.TryGetValue(code, out var oursKey);
            var inVendor = vendorCodes.TryGetValue(code, out var vendorKey);
            var place = new Location(at.Ours + "/" + Location.Escape(oursKey ?? code), at.Vendor + "/" + Location.Escape(vendorKey ?? code), !inOurs, !inVendor);
            if (!inOurs)
            {
                // A success the client does not expect is reported to the caller as a failure (of a billed send, say).
                var success = code.StartsWith('2');
                sink.Add(success ? DriftClass.Incompatible : DriftClass.NewCapability, place, success
                    ? $"status {code}: only the vendor's document has it; the client treats it as an unexpected answer, so a call that succeeded would fail"
                    : $"status {code}: only the vendor's document has it; the client reports it as an untyped MfaApiException");
                continue;
            }

            if (!inVendor)
            {
                sink.Add(DriftClass.OursLooser, place, $"status {code}: only ours has it; the vendor no longer documents this answer");
                continue;
            }

            var (oursPointer, vendorPointer) = (place.Ours, place.Vendor);
            var response = Refs.Follow(mine[oursKey!], ref oursPointer, ours.Name);
            var vendorResponse = Refs.Follow(theirs[vendorKey!], ref vendorPointer, vendor.Name);
            var resolved = new Location(oursPointer, vendorPointer);
            CompareContent(response.Content, vendorResponse.Content, resolved.Child("content"), Direction.Response, string.Empty);
            CompareHeaders(response.Headers, vendorResponse.Headers, resolved.Child("headers"), code);
        }
    }

    private void CompareHeaders(IDictionary<string, IOpenApiHeader>? mine, IDictionary<string, IOpenApiHeader>? theirs, Location at, string code)
    {
        var oursHeaders = (mine ?? new Dictionary<string, IOpenApiHeader>()).ToDictionary(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal);
        var vendorHeaders = (theirs ?? new Dictionary<string, IOpenApiHeader>()).ToDictionary(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal);
        foreach (var name in oursHeaders.Keys.Union(vendorHeaders.Keys).Order(StringComparer.Ordinal))
        {
            var inOurs = oursHeaders.TryGetValue(name, out var o);
            var inVendor = vendorHeaders.TryGetValue(name, out var v);
            var (oursPointer, vendorPointer) = (at.Ours + "/" + Location.Escape(o.Key ?? name), at.Vendor + "/" + Location.Escape(v.Key ?? name));
            var oursHeader = inOurs ? Refs.Follow(o.Value, ref oursPointer, ours.Name) : null;
            var vendorHeader = inVendor ? Refs.Follow(v.Value, ref vendorPointer, vendor.Name) : null;
            var place = new Location(oursPointer, vendorPointer, !inOurs, !inVendor);
            var label = $"status {code} header `{o.Key ?? v.Key}`";
            if (oursHeader is null)
            {
                sink.Add(DriftClass.NewCapability, place, $"{label}: only the vendor's document has it");
            }
            else if (vendorHeader is null)
            {
                sink.Add(oursHeader.Required ? DriftClass.Incompatible : DriftClass.OursLooser, place, $"{label}: only ours has it{(oursHeader.Required ? " (required)" : string.Empty)}");
            }
            else
            {
                if (oursHeader.Required != vendorHeader.Required)
                {
                    sink.Add(oursHeader.Required ? DriftClass.Incompatible : DriftClass.OursLooser, place.Child("required"), $"{label}: required only in {(oursHeader.Required ? "ours" : "the vendor's")}");
                }

                _schemas.Compare(oursHeader.Schema, vendorHeader.Schema, place.Child("schema"), Direction.Response, "header " + name);
            }
        }
    }
}
