using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Bandwidth.Mfa.SpecDrift.Comparing;

/// <summary>A keyword's value and where it is written (the pointer of the keyword itself).</summary>
internal readonly record struct Field<T>(T Value, string Pointer, bool Has);

/// <summary>
/// The rules of one schema as the comparison reads them, with <c>allOf</c> merged in: the members' properties and
/// required names add up, a keyword takes the first value written (the schema's own, then its members' in order),
/// and <c>additionalProperties: false</c> anywhere closes the object. Each rule remembers where it is written.
/// </summary>
internal sealed class SchemaView
{
    private SchemaView(string pointer) => Pointer = pointer;

    /// <summary>Where the schema itself is.</summary>
    public string Pointer { get; }

    public Field<JsonSchemaType?> Type { get; private set; }

    public Field<string?> Format { get; private set; }

    public Field<string?> Pattern { get; private set; }

    public Field<int?> MinLength { get; private set; }

    public Field<int?> MaxLength { get; private set; }

    public Field<string?> Minimum { get; private set; }

    public Field<string?> Maximum { get; private set; }

    public Field<string?> ExclusiveMinimum { get; private set; }

    public Field<string?> ExclusiveMaximum { get; private set; }

    public Field<decimal?> MultipleOf { get; private set; }

    public Field<IList<JsonNode>?> Enum { get; private set; }

    public Field<JsonNode?> Const { get; private set; }

    public Field<JsonNode?> Default { get; private set; }

    public Field<int?> MinItems { get; private set; }

    public Field<int?> MaxItems { get; private set; }

    public Field<bool> UniqueItems { get; private set; }

    public Field<int?> MinProperties { get; private set; }

    public Field<int?> MaxProperties { get; private set; }

    public Field<bool> Deprecated { get; private set; }

    public Field<bool> ReadOnly { get; private set; }

    public Field<bool> WriteOnly { get; private set; }

    /// <summary>False when any part closes the object (<c>additionalProperties: false</c>).</summary>
    public Field<bool> AdditionalAllowed { get; private set; } = new(true, string.Empty, false);

    public Field<IOpenApiSchema?> AdditionalSchema { get; private set; }

    public Field<IOpenApiSchema?> Items { get; private set; }

    /// <summary>The properties and the pointer of each.</summary>
    public Dictionary<string, (IOpenApiSchema Schema, string Pointer)> Properties { get; } = [];

    /// <summary>The required names and the pointer of the <c>required</c> list that names each.</summary>
    public Dictionary<string, string> Required { get; } = [];

    public List<(IOpenApiSchema Schema, string Pointer)> OneOf { get; } = [];

    public List<(IOpenApiSchema Schema, string Pointer)> AnyOf { get; } = [];

    /// <summary>Keywords the comparison does not reason about, with their schemas (compared as a whole).</summary>
    public List<(string Keyword, string Pointer, string Text)> Unsupported { get; } = [];

    /// <summary>The view of <paramref name="schema"/> (already resolved) at <paramref name="pointer"/>.</summary>
    public static SchemaView Of(IOpenApiSchema schema, string pointer, string documentName)
    {
        var view = new SchemaView(pointer);
        view.Merge(schema, pointer, documentName, depth: 0);
        return view;
    }

    private static Field<T> First<T>(Field<T> current, T value, bool has, string owner, string keyword) =>
        current.Has || !has ? current : new Field<T>(value, owner + "/" + keyword, true);

    private void Merge(IOpenApiSchema schema, string at, string documentName, int depth)
    {
        Type = First(Type, schema.Type, schema.Type is not null, at, "type");
        Format = First(Format, schema.Format, schema.Format is not null, at, "format");
        Pattern = First(Pattern, schema.Pattern, schema.Pattern is not null, at, "pattern");
        MinLength = First(MinLength, schema.MinLength, schema.MinLength is not null, at, "minLength");
        MaxLength = First(MaxLength, schema.MaxLength, schema.MaxLength is not null, at, "maxLength");
        Minimum = First(Minimum, schema.Minimum, schema.Minimum is not null, at, "minimum");
        Maximum = First(Maximum, schema.Maximum, schema.Maximum is not null, at, "maximum");
        ExclusiveMinimum = First(ExclusiveMinimum, schema.ExclusiveMinimum, schema.ExclusiveMinimum is not null, at, "exclusiveMinimum");
        ExclusiveMaximum = First(ExclusiveMaximum, schema.ExclusiveMaximum, schema.ExclusiveMaximum is not null, at, "exclusiveMaximum");
        MultipleOf = First(MultipleOf, schema.MultipleOf, schema.MultipleOf is not null, at, "multipleOf");
        Enum = First(Enum, schema.Enum, schema.Enum is { Count: > 0 }, at, "enum");
        Const = First(Const, schema.Const is null ? null : JsonValue.Create(schema.Const), schema.Const is not null, at, "const");
        Default = First(Default, schema.Default, schema.Default is not null, at, "default");
        MinItems = First(MinItems, schema.MinItems, schema.MinItems is not null, at, "minItems");
        MaxItems = First(MaxItems, schema.MaxItems, schema.MaxItems is not null, at, "maxItems");
        UniqueItems = First(UniqueItems, schema.UniqueItems == true, schema.UniqueItems == true, at, "uniqueItems");
        MinProperties = First(MinProperties, schema.MinProperties, schema.MinProperties is not null, at, "minProperties");
        MaxProperties = First(MaxProperties, schema.MaxProperties, schema.MaxProperties is not null, at, "maxProperties");
        Deprecated = First(Deprecated, schema.Deprecated, schema.Deprecated, at, "deprecated");
        ReadOnly = First(ReadOnly, schema.ReadOnly, schema.ReadOnly, at, "readOnly");
        WriteOnly = First(WriteOnly, schema.WriteOnly, schema.WriteOnly, at, "writeOnly");
        Items = First(Items, schema.Items, schema.Items is not null, at, "items");
        AdditionalSchema = First(AdditionalSchema, schema.AdditionalProperties, schema.AdditionalProperties is not null, at, "additionalProperties");
        if (!schema.AdditionalPropertiesAllowed && AdditionalAllowed.Value)
        {
            AdditionalAllowed = new Field<bool>(false, at + "/additionalProperties", true);
        }

        foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
        {
            Properties.TryAdd(name, (property, at + "/properties/" + Model.Location.Escape(name)));
        }

        foreach (var name in schema.Required ?? new HashSet<string>())
        {
            Required.TryAdd(name, at + "/required");
        }

        OneOf.AddRange((schema.OneOf ?? []).Select((s, i) => (s, $"{at}/oneOf/{i}")));
        AnyOf.AddRange((schema.AnyOf ?? []).Select((s, i) => (s, $"{at}/anyOf/{i}")));
        AddUnsupported("not", at, schema.Not is null ? null : Json(schema.Not));
        AddUnsupported("patternProperties", at, schema.PatternProperties is { Count: > 0 } patterns ? string.Join(", ", patterns.Keys.Order(System.StringComparer.Ordinal)) : null);
        AddUnsupported("dependentRequired", at, schema.DependentRequired is { Count: > 0 } dependent ? string.Join("; ", dependent.OrderBy(d => d.Key, System.StringComparer.Ordinal).Select(d => d.Key + ": " + string.Join(",", d.Value.Order(System.StringComparer.Ordinal)))) : null);
        AddUnsupported("discriminator", at, schema.Discriminator is null ? null : Json(schema.Discriminator));

        if (depth > 16)
        {
            return;
        }

        var members = schema.AllOf ?? [];
        for (var i = 0; i < members.Count; i++)
        {
            var pointer = $"{at}/allOf/{i}";
            var member = Refs.Follow(members[i], ref pointer, documentName);
            Merge(member, pointer, documentName, depth + 1);
        }
    }

    private void AddUnsupported(string keyword, string at, string? text)
    {
        if (text is not null)
        {
            Unsupported.Add((keyword, at + "/" + keyword, text));
        }
    }

    /// <summary>An element as compact JSON (OpenAPI 3.1 form), to compare keywords the comparison does not reason about.</summary>
    private static string Json(IOpenApiSerializable element)
    {
        using var text = new System.IO.StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        element.SerializeAsV31(new OpenApiJsonWriter(text, new OpenApiJsonWriterSettings { Terse = true }));
        return text.ToString();
    }
}
