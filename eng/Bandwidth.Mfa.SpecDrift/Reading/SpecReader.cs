using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Bandwidth.Mfa.SpecDrift.Reading;

/// <summary>
/// Reads an OpenAPI 3.0, 3.1 or 3.2 document, YAML or JSON, with Microsoft.OpenApi and its YAML reader. Nothing is
/// fetched: the file is read from disk and external references are not loaded (one that the comparison needs is a
/// reading error). Swagger 2.0 is refused rather than converted, since a converted document would differ in ways the
/// vendor never wrote.
/// </summary>
internal static class SpecReader
{
    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="SpecReadException">The file is missing or empty, is not YAML or JSON, is not an OpenAPI 3 document, or the parser reports errors.</exception>
    public static async Task<SpecDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new SpecReadException($"{path}: cannot be read: {exception.Message}", exception);
        }

        if (bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            throw new SpecReadException($"{path}: cannot be read: the file is empty.");
        }

        var settings = new OpenApiReaderSettings { LoadExternalRefs = false };
        settings.AddYamlReader();
        ReadResult result;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            result = await OpenApiDocument.LoadAsync(stream, LooksLikeJson(bytes) ? "json" : "yaml", settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new SpecReadException($"{path}: cannot be read: {OneLine(exception.Message)}", exception);
        }

        var diagnostic = result.Diagnostic;
        var errors = diagnostic?.Errors ?? [];
        if (errors.Count > 0 || result.Document is null)
        {
            var first = errors.FirstOrDefault();
            var where = string.IsNullOrEmpty(first?.Pointer) ? string.Empty : $" at {first!.Pointer}";
            var more = errors.Count > 1 ? $" (and {errors.Count - 1} more)" : string.Empty;
            throw new SpecReadException($"{path}: cannot be read: {OneLine(first?.Message ?? "the parser returned no document")}{where}{more}");
        }

        var version = diagnostic?.SpecificationVersion ?? OpenApiSpecVersion.OpenApi3_0;
        if (version == OpenApiSpecVersion.OpenApi2_0)
        {
            throw new SpecReadException($"{path}: cannot be read: it is a Swagger 2.0 document; the comparison takes OpenAPI 3.0, 3.1 or 3.2 (convert it first).");
        }

        return new SpecDocument(name, result.Document, version);
    }

    private static bool LooksLikeJson(byte[] bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue;
            }

            return b == (byte)'{';
        }

        return false;
    }

    /// <summary>A parser message on one line (YAML errors span several).</summary>
    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
