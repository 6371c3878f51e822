using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Bandwidth.Mfa.ContractTests.Regeneration;

/// <summary>
/// Edits a copy of the spec the way a maintainer would after a vendor change, node by node (YamlDotNet), so that
/// nothing else in the document changes.
/// </summary>
public sealed class SpecEditor
{
    private readonly YamlStream _stream = new();

    public SpecEditor(string path)
    {
        using var reader = new StreamReader(path);
        _stream.Load(reader);
    }

    private YamlMappingNode Root => (YamlMappingNode)_stream.Documents.Single().RootNode;

    /// <summary>Adds an optional string property to a schema of <c>components/schemas</c>.</summary>
    public SpecEditor AddOptionalStringProperty(string schema, string property, string description, int maxLength, string example)
    {
        Properties(schema).Add(property, new YamlMappingNode
        {
            { "type", "string" },
            { "description", description },
            { "maxLength", maxLength.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            { "example", Quoted(example) },
        });
        return this;
    }

    /// <summary>Renames a property's wire name in a schema of <c>components/schemas</c>, in its list of required ones too.</summary>
    public SpecEditor RenameProperty(string schema, string from, string to)
    {
        var properties = Properties(schema);
        var definition = properties.Children[new YamlScalarNode(from)];
        properties.Children.Remove(new YamlScalarNode(from));
        properties.Add(to, definition);
        if (Mapping(Root, "components", "schemas", schema).Children.TryGetValue(new YamlScalarNode("required"), out var required))
        {
            foreach (var item in ((YamlSequenceNode)required).Children.OfType<YamlScalarNode>().Where(i => i.Value == from))
            {
                item.Value = to;
            }
        }

        return this;
    }

    /// <summary>Documents one more response of an operation, with a body of an existing schema.</summary>
    public SpecEditor AddResponse(string path, string method, int status, string description, string schema)
    {
        var responses = Mapping(Root, "paths", path, method, "responses");
        responses.Add(Quoted(status.ToString(System.Globalization.CultureInfo.InvariantCulture)), new YamlMappingNode
        {
            { "description", description },
            {
                "content", new YamlMappingNode
                {
                    {
                        "application/json", new YamlMappingNode
                        {
                            { "schema", new YamlMappingNode { { "$ref", Quoted("#/components/schemas/" + schema) } } },
                        }
                    },
                }
            },
        });
        return this;
    }

    public void Save(string path)
    {
        using var writer = new StreamWriter(path);
        _stream.Save(writer, assignAnchors: false);
    }

    private YamlMappingNode Properties(string schema) => Mapping(Root, "components", "schemas", schema, "properties");

    private static YamlMappingNode Mapping(YamlMappingNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = (YamlMappingNode)node.Children[new YamlScalarNode(key)];
        }

        return node;
    }

    private static YamlScalarNode Quoted(string value) => new(value) { Style = ScalarStyle.SingleQuoted };
}
