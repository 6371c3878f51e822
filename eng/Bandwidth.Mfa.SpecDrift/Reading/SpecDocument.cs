using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Reading;

/// <summary>A parsed OpenAPI 3.x document and the name the report gives it (its file name, never a full path).</summary>
internal sealed record SpecDocument(string Name, OpenApiDocument Document, OpenApiSpecVersion Version)
{
    /// <summary>The version as the report prints it (<c>3.0</c>, <c>3.1</c>, <c>3.2</c>).</summary>
    public string VersionText => Version switch
    {
        OpenApiSpecVersion.OpenApi3_0 => "3.0",
        OpenApiSpecVersion.OpenApi3_1 => "3.1",
        OpenApiSpecVersion.OpenApi3_2 => "3.2",
        _ => Version.ToString(),
    };
}
