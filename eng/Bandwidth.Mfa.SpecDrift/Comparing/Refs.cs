using Bandwidth.Mfa.SpecDrift.Reading;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>
/// Follows <c>$ref</c>s: returns the referenced element and moves the pointer to where it is. A reference that does not
/// resolve (missing, or in another file, which is never loaded) makes the document unusable.
/// </summary>
internal static class Refs
{
    /// <summary>The element <paramref name="element"/> stands for, and its place in <paramref name="pointer"/>.</summary>
    /// <exception cref="SpecReadException">The reference does not resolve within the document.</exception>
    public static T Follow<T>(T element, ref string pointer, string documentName)
        where T : class
    {
        for (var hops = 0; hops < 32; hops++)
        {
            var (reference, target) = element switch
            {
                OpenApiSchemaReference r => (r.Reference.ReferenceV3, (object?)r.Target),
                OpenApiParameterReference r => (r.Reference.ReferenceV3, r.Target),
                OpenApiRequestBodyReference r => (r.Reference.ReferenceV3, r.Target),
                OpenApiResponseReference r => (r.Reference.ReferenceV3, r.Target),
                OpenApiHeaderReference r => (r.Reference.ReferenceV3, r.Target),
                OpenApiSecuritySchemeReference r => (r.Reference.ReferenceV3, r.Target),
                _ => (null, null),
            };
            if (reference is null && target is null)
            {
                return element;
            }

            if (target is not T resolved || reference is null || !reference.StartsWith('#'))
            {
                throw new SpecReadException($"{documentName}: cannot be used: the $ref '{reference}' at {pointer} does not resolve within the document.");
            }

            pointer = reference;
            element = resolved;
        }

        throw new SpecReadException($"{documentName}: cannot be used: the $ref chain at {pointer} does not end.");
    }
}
