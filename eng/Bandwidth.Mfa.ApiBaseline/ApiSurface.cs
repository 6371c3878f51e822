using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;

namespace Bandwidth.Mfa.ApiBaseline;

/// <summary>
/// Reads the consumer-visible surface of an assembly without loading it for execution (MetadataLoadContext), as
/// C#-like lines: one for each public or protected type, then one for each of its public or protected members, each
/// fully qualified so that a single line of a diff names what changed. Serialization and validation attributes are kept
/// because they carry the wire names and the spec's constraints; everything else a compiler or generator adds is left out.
/// Nullable reference annotations are not recorded.
/// </summary>
internal static class ApiSurface
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly string[] KeptAttributeNamespaces =
    {
        "Newtonsoft.Json",
        "System.Text.Json.Serialization",
        "System.ComponentModel.DataAnnotations",
        "System.Runtime.Serialization",
    };

    private static readonly HashSet<string> KeptAttributeTypes = new(StringComparer.Ordinal)
    {
        "System.ObsoleteAttribute",
        "System.FlagsAttribute",
    };

    private static readonly Dictionary<string, string> Keywords = new(StringComparer.Ordinal)
    {
        ["System.Void"] = "void",
        ["System.Object"] = "object",
        ["System.String"] = "string",
        ["System.Boolean"] = "bool",
        ["System.Char"] = "char",
        ["System.Byte"] = "byte",
        ["System.SByte"] = "sbyte",
        ["System.Int16"] = "short",
        ["System.UInt16"] = "ushort",
        ["System.Int32"] = "int",
        ["System.UInt32"] = "uint",
        ["System.Int64"] = "long",
        ["System.UInt64"] = "ulong",
        ["System.Single"] = "float",
        ["System.Double"] = "double",
        ["System.Decimal"] = "decimal",
    };

    /// <summary>The surface of <paramref name="assemblyPath"/>, resolving its dependencies from <paramref name="references"/>.</summary>
    public static IReadOnlyList<string> Read(string assemblyPath, IReadOnlyList<string> references)
    {
        var paths = references.Where(File.Exists).Select(Path.GetFullPath)
            .Append(assemblyPath)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        using var context = new MetadataLoadContext(new PathAssemblyResolver(paths), CoreAssemblyOf(assemblyPath));
        var assembly = context.LoadFromAssemblyPath(assemblyPath);

        var lines = new List<string>();
        foreach (var type in assembly.GetTypes().Where(IsVisible).OrderBy(TypeName, StringComparer.Ordinal))
        {
            lines.Add(DescribeType(type));
            if (IsDelegate(type))
            {
                continue;
            }

            var members = new List<(string Name, string Line)>();
            foreach (var member in type.GetMembers(Declared))
            {
                var line = DescribeMember(type, member);
                if (line != null)
                {
                    members.Add((member.Name, line));
                }
            }

            lines.AddRange(members.OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.Line, StringComparer.Ordinal).Select(m => m.Line));
        }

        return lines.Distinct(StringComparer.Ordinal).ToList();
    }

    // The assembly that defines System.Object for this target framework: the one the assembly itself compiled against.
    private static string CoreAssemblyOf(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var handle in metadata.AssemblyReferences)
        {
            names.Add(metadata.GetString(metadata.GetAssemblyReference(handle).Name));
        }

        return names.Contains("System.Runtime") ? "System.Runtime" : names.Contains("netstandard") ? "netstandard" : "mscorlib";
    }

    private static bool IsVisible(Type type)
    {
        if (type.IsNested)
        {
            return (type.IsNestedPublic || type.IsNestedFamily || type.IsNestedFamORAssem) && IsVisible(type.DeclaringType!);
        }

        return type.IsPublic;
    }

    private static bool IsVisible(MethodBase? method) => method != null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);

    private static bool IsDelegate(Type type) => type.BaseType?.FullName == "System.MulticastDelegate";

    private static string DescribeType(Type type)
    {
        var text = new StringBuilder(TypeAccess(type)).Append(' ');
        var bases = new List<string>();
        if (IsDelegate(type))
        {
            var invoke = type.GetMethod("Invoke")!;
            text.Append("delegate ").Append(Name(invoke.ReturnType)).Append(' ').Append(TypeName(type)).Append(Parameters(invoke)).Append(Constraints(OwnGenericParameters(type)));
            return text.Append(Attributes(type.GetCustomAttributesData())).ToString();
        }

        if (type.IsInterface)
        {
            text.Append("interface ");
        }
        else if (type.IsEnum)
        {
            text.Append("enum ");
            var underlying = type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Single().FieldType;
            if (underlying.FullName != "System.Int32")
            {
                bases.Add(Name(underlying));
            }
        }
        else if (type.IsValueType)
        {
            text.Append(HasAttribute(type.GetCustomAttributesData(), "System.Runtime.CompilerServices.IsReadOnlyAttribute") ? "readonly struct " : "struct ");
        }
        else
        {
            text.Append(type.IsAbstract && type.IsSealed ? "static class " : type.IsAbstract ? "abstract class " : type.IsSealed ? "sealed class " : "class ");
        }

        text.Append(TypeName(type));
        if (!type.IsEnum)
        {
            var baseType = type.BaseType;
            if (baseType != null && baseType.FullName != "System.Object" && baseType.FullName != "System.ValueType")
            {
                bases.Add(Name(baseType));
            }

            bases.AddRange(type.GetInterfaces().Where(IsVisible).Select(Name).OrderBy(name => name, StringComparer.Ordinal));
        }

        if (bases.Count > 0)
        {
            text.Append(" : ").Append(string.Join(", ", bases));
        }

        text.Append(Constraints(OwnGenericParameters(type)));
        return text.Append(Attributes(type.GetCustomAttributesData())).ToString();
    }

    private static string? DescribeMember(Type type, MemberInfo member)
    {
        switch (member)
        {
            case ConstructorInfo constructor when IsVisible(constructor) && !constructor.IsStatic:
                return Access(constructor) + " " + TypeName(type) + "." + SimpleName(type) + Parameters(constructor) + Attributes(constructor.GetCustomAttributesData());
            case MethodInfo method when IsVisible(method) && !method.IsSpecialName || method.Name.StartsWith("op_", StringComparison.Ordinal) && IsVisible(method):
                return DescribeMethod(type, method);
            case PropertyInfo property:
                return DescribeProperty(type, property);
            case FieldInfo field:
                return DescribeField(type, field);
            case EventInfo @event when IsVisible(@event.AddMethod):
                return Access(@event.AddMethod!) + Modifiers(type, @event.AddMethod!) + " event " + Name(@event.EventHandlerType!) + " " + TypeName(type) + "." + @event.Name
                    + Attributes(@event.GetCustomAttributesData());
            default:
                return null;
        }
    }

    private static string DescribeMethod(Type type, MethodInfo method)
    {
        var generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
        var returns = (method.ReturnType.IsByRef ? "ref " : string.Empty) + Name(method.ReturnType);
        return Access(method) + Modifiers(type, method) + " " + returns + " " + TypeName(type) + "." + method.Name + generic + Parameters(method)
            + (method.IsGenericMethodDefinition ? Constraints(method.GetGenericArguments()) : string.Empty)
            + Attributes(method.GetCustomAttributesData());
    }

    private static string? DescribeProperty(Type type, PropertyInfo property)
    {
        var getter = IsVisible(property.GetMethod) ? property.GetMethod : null;
        var setter = IsVisible(property.SetMethod) ? property.SetMethod : null;
        var main = getter ?? setter;
        if (main == null)
        {
            return null;
        }

        if (getter != null && setter != null && Rank(setter) > Rank(getter))
        {
            main = setter;
        }

        var access = Access(main);
        var accessors = new List<string>();
        if (getter != null)
        {
            accessors.Add(AccessorPrefix(getter, access) + "get;");
        }

        if (setter != null)
        {
            var init = setter.ReturnParameter.GetRequiredCustomModifiers().Any(m => m.FullName == "System.Runtime.CompilerServices.IsExternalInit");
            accessors.Add(AccessorPrefix(setter, access) + (init ? "init;" : "set;"));
        }

        var indexer = property.GetIndexParameters();
        var name = indexer.Length > 0 ? "this[" + string.Join(", ", indexer.Select(Parameter)) + "]" : property.Name;
        return access + Modifiers(type, main) + " " + Name(property.PropertyType) + " " + TypeName(type) + "." + name + " { " + string.Join(" ", accessors) + " }"
            + Attributes(property.GetCustomAttributesData());
    }

    private static string? DescribeField(Type type, FieldInfo field)
    {
        if (!(field.IsPublic || field.IsFamily || field.IsFamilyOrAssembly) || field.IsSpecialName)
        {
            return null;
        }

        if (type.IsEnum)
        {
            return TypeName(type) + "." + field.Name + " = " + Literal(field.GetRawConstantValue()) + Attributes(field.GetCustomAttributesData());
        }

        var modifiers = field.IsLiteral ? " const" : (field.IsStatic ? " static" : string.Empty) + (field.IsInitOnly ? " readonly" : string.Empty);
        var value = field.IsLiteral ? " = " + Literal(field.GetRawConstantValue()) : string.Empty;
        return (field.IsPublic ? "public" : field.IsFamily ? "protected" : "protected internal") + modifiers + " " + Name(field.FieldType) + " "
            + TypeName(type) + "." + field.Name + value + Attributes(field.GetCustomAttributesData());
    }

    private static int Rank(MethodBase method) => method.IsPublic ? 3 : method.IsFamilyOrAssembly ? 2 : 1;

    private static string AccessorPrefix(MethodBase accessor, string propertyAccess)
    {
        var own = Access(accessor);
        return own == propertyAccess ? string.Empty : own + " ";
    }

    private static string Access(MethodBase method) => method.IsPublic ? "public" : method.IsFamilyOrAssembly ? "protected internal" : "protected";

    private static string TypeAccess(Type type)
    {
        if (!type.IsNested || type.IsNestedPublic)
        {
            return "public";
        }

        return type.IsNestedFamORAssem ? "protected internal" : "protected";
    }

    private static string Modifiers(Type type, MethodBase method)
    {
        if (type.IsInterface)
        {
            return method.IsStatic ? (method.IsAbstract ? " static abstract" : " static") : string.Empty;
        }

        if (method.IsStatic)
        {
            return " static";
        }

        var newSlot = (method.Attributes & MethodAttributes.NewSlot) != 0;
        if (method.IsAbstract)
        {
            return newSlot ? " abstract" : " abstract override";
        }

        if (!method.IsVirtual)
        {
            return string.Empty;
        }

        if (newSlot)
        {
            // A final new slot is an interface implementation that is not virtual.
            return method.IsFinal ? string.Empty : " virtual";
        }

        return method.IsFinal ? " sealed override" : " override";
    }

    private static string Parameters(MethodBase method)
    {
        var parameters = method.GetParameters();
        var extension = HasAttribute(method.GetCustomAttributesData(), "System.Runtime.CompilerServices.ExtensionAttribute");
        return "(" + string.Join(", ", parameters.Select((p, i) => (i == 0 && extension ? "this " : string.Empty) + Parameter(p))) + ")";
    }

    private static string Parameter(ParameterInfo parameter)
    {
        var text = new StringBuilder();
        var type = parameter.ParameterType;
        if (type.IsByRef)
        {
            text.Append(parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ");
            type = type.GetElementType()!;
        }
        else if (HasAttribute(parameter.GetCustomAttributesData(), "System.ParamArrayAttribute"))
        {
            text.Append("params ");
        }

        text.Append(Name(type)).Append(' ').Append(parameter.Name);
        if (parameter.IsOptional || parameter.HasDefaultValue)
        {
            var value = parameter.RawDefaultValue;
            text.Append(" = ").Append(value == null || value == DBNull.Value || value == Missing.Value
                ? (type.IsValueType && !IsNullableValueType(type) ? "default" : "null")
                : type.IsEnum ? EnumLiteral(type, value) : Literal(value));
        }

        return text.ToString();
    }

    private static bool IsNullableValueType(Type type) => type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1";

    private static IEnumerable<Type> OwnGenericParameters(Type type)
    {
        if (!type.IsGenericTypeDefinition)
        {
            return Array.Empty<Type>();
        }

        var inherited = type.DeclaringType?.IsGenericTypeDefinition == true ? type.DeclaringType.GetGenericArguments().Length : 0;
        return type.GetGenericArguments().Skip(inherited);
    }

    private static string Constraints(IEnumerable<Type> genericParameters)
    {
        var text = new StringBuilder();
        foreach (var parameter in genericParameters)
        {
            var flags = parameter.GenericParameterAttributes;
            var parts = new List<string>();
            var isStruct = (flags & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0;
            if ((flags & GenericParameterAttributes.ReferenceTypeConstraint) != 0)
            {
                parts.Add("class");
            }

            if (isStruct)
            {
                parts.Add("struct");
            }

            parts.AddRange(parameter.GetGenericParameterConstraints()
                .Where(c => !(isStruct && c.FullName == "System.ValueType"))
                .Select(Name)
                .OrderBy(n => n, StringComparer.Ordinal));
            if ((flags & GenericParameterAttributes.DefaultConstructorConstraint) != 0 && !isStruct)
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                text.Append(" where ").Append(parameter.Name).Append(" : ").Append(string.Join(", ", parts));
            }
        }

        return text.ToString();
    }

    private static bool HasAttribute(IEnumerable<CustomAttributeData> attributes, string fullName) =>
        attributes.Any(a => a.AttributeType.FullName == fullName);

    private static string Attributes(IEnumerable<CustomAttributeData> attributes)
    {
        var kept = attributes
            .Where(a => KeptAttributeTypes.Contains(a.AttributeType.FullName!)
                || KeptAttributeNamespaces.Any(ns => a.AttributeType.Namespace == ns || a.AttributeType.Namespace?.StartsWith(ns + ".", StringComparison.Ordinal) == true))
            .Select(Attribute)
            .OrderBy(a => a, StringComparer.Ordinal)
            .ToList();
        return kept.Count == 0 ? string.Empty : " " + string.Join(" ", kept);
    }

    private static string Attribute(CustomAttributeData attribute)
    {
        var name = Name(attribute.AttributeType);
        if (name.EndsWith("Attribute", StringComparison.Ordinal))
        {
            name = name.Substring(0, name.Length - "Attribute".Length);
        }

        var arguments = attribute.ConstructorArguments.Select(Value)
            .Concat(attribute.NamedArguments.Select(n => n.MemberName + " = " + Value(n.TypedValue)))
            .ToList();
        return "[" + name + (arguments.Count > 0 ? "(" + string.Join(", ", arguments) + ")" : string.Empty) + "]";
    }

    private static string Value(CustomAttributeTypedArgument argument)
    {
        if (argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> items)
        {
            return "new " + Name(argument.ArgumentType.GetElementType()!) + "[] { " + string.Join(", ", items.Select(Value)) + " }";
        }

        if (argument.ArgumentType.IsEnum && argument.Value != null)
        {
            return EnumLiteral(argument.ArgumentType, argument.Value);
        }

        return argument.Value is Type type ? "typeof(" + Name(type) + ")" : Literal(argument.Value);
    }

    private static string EnumLiteral(Type enumType, object value)
    {
        var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
        foreach (var field in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (Convert.ToInt64(field.GetRawConstantValue(), CultureInfo.InvariantCulture) == number)
            {
                return Name(enumType) + "." + field.Name;
            }
        }

        return "(" + Name(enumType) + ")" + number.ToString(CultureInfo.InvariantCulture);
    }

    private static string Literal(object? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case string text:
                return Quote(text, '"');
            case char character:
                return Quote(character.ToString(), '\'');
            case bool flag:
                return flag ? "true" : "false";
            case double number:
                return number.ToString("R", CultureInfo.InvariantCulture);
            case float number:
                return number.ToString("R", CultureInfo.InvariantCulture);
            case IFormattable formattable:
                return formattable.ToString(null, CultureInfo.InvariantCulture);
            default:
                return value.ToString() ?? string.Empty;
        }
    }

    private static string Quote(string text, char quote)
    {
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\');
                    }

                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append(quote).ToString();
    }

    /// <summary>The declared name of a type: namespace, outer types and generic parameters (with their variance), as C# writes it.</summary>
    private static string TypeName(Type type) => Name(type, declaration: true);

    private static string SimpleName(Type type)
    {
        var name = type.Name;
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    /// <summary>A type as C# writes it: keywords, <c>T?</c> for nullable value types, generic arguments, arrays.</summary>
    private static string Name(Type type) => Name(type, declaration: false);

    private static string Name(Type type, bool declaration)
    {
        if (type.IsByRef || type.IsPointer)
        {
            return Name(type.GetElementType()!) + (type.IsPointer ? "*" : string.Empty);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.FullName != null && Keywords.TryGetValue(type.FullName, out var keyword))
        {
            return keyword;
        }

        var arguments = type.IsGenericType ? type.GetGenericArguments() : Array.Empty<Type>();
        if (IsNullableValueType(type))
        {
            return Name(arguments[0]) + "?";
        }

        var chain = new List<Type>();
        for (var current = type; current != null; current = current.DeclaringType)
        {
            chain.Insert(0, current.IsGenericType && !current.IsGenericTypeDefinition ? current.GetGenericTypeDefinition() : current);
        }

        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(chain[0].Namespace))
        {
            text.Append(chain[0].Namespace).Append('.');
        }

        var used = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            if (i > 0)
            {
                text.Append('.');
            }

            var name = chain[i].Name;
            var tick = name.IndexOf('`');
            var arity = tick < 0 ? 0 : int.Parse(name.Substring(tick + 1), CultureInfo.InvariantCulture);
            text.Append(tick < 0 ? name : name.Substring(0, tick));
            if (arity > 0)
            {
                var own = arguments.Skip(used).Take(arity).Select(a => (declaration && a.IsGenericParameter ? Variance(a) : string.Empty) + Name(a));
                text.Append('<').Append(string.Join(", ", own)).Append('>');
                used += arity;
            }
        }

        return text.ToString();
    }

    private static string Variance(Type genericParameter)
    {
        if (genericParameter.DeclaringMethod != null)
        {
            return string.Empty;
        }

        var variance = genericParameter.GenericParameterAttributes & GenericParameterAttributes.VarianceMask;
        return variance == GenericParameterAttributes.Covariant ? "out " : variance == GenericParameterAttributes.Contravariant ? "in " : string.Empty;
    }
}
