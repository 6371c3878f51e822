using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Bandwidth.Mfa.Docs.Generator
{
    /// <summary>
    /// Compiles every C# block (```csharp, ```cs, ```c#) of every README given as an AdditionalFile. Each block becomes its
    /// own namespace (<c>ReadmeSnippets.&lt;File&gt;_L&lt;line&gt;</c>, or <c>ReadmeSnippets.&lt;id&gt;</c> when the line
    /// before the fence is <c>&lt;!-- snippet: id=Name --&gt;</c>) holding: the block's using directives; its type
    /// declarations, as written; and its statements, as the body of an async method of a class that derives from
    /// <c>Bandwidth.Mfa.Docs.Tests.ReadmeContext</c>, whose protected members stand for what a fragment takes as given
    /// (<c>builder</c>, <c>app</c>, <c>services</c>, <c>options</c>, <c>ct</c>, ...). A block with a namespace of its own is
    /// compiled as it is. <c>#line</c> directives point every error at its README line. The list of blocks is emitted too
    /// (<c>ReadmeSnippets.Index</c>), so a test can prove that none was skipped.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ReadmeSnippetGenerator : IIncrementalGenerator
    {
        private static readonly Regex Fence = new Regex(@"^(\s*)```\s*(csharp|cs|c#)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex Marker = new Regex(@"^\s*<!--\s*snippet:\s*(.*?)\s*-->\s*$", RegexOptions.CultureInvariant);
        private static readonly char[] MarkerSeparators = { ';', ' ' };

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var readmes = context.AdditionalTextsProvider
                .Where(file => string.Equals(Path.GetFileName(file.Path), "README.md", StringComparison.OrdinalIgnoreCase))
                .Select((file, cancellationToken) => (file.Path, Text: file.GetText(cancellationToken)?.ToString() ?? string.Empty))
                .Collect();
            context.RegisterSourceOutput(readmes, Emit);
        }

        private static void Emit(SourceProductionContext context, System.Collections.Immutable.ImmutableArray<(string Path, string Text)> readmes)
        {
            var index = new StringBuilder();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, text) in readmes.OrderBy(r => r.Path, StringComparer.Ordinal))
            {
                foreach (var block in Blocks(path, text))
                {
                    var name = block.Id ?? Identifier(RelativeName(path)) + "_L" + block.FenceLine.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!names.Add(name))
                    {
                        name += "_L" + block.FenceLine.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    context.AddSource(name + ".g.cs", SourceText.From(Compile(name, path, block), Encoding.UTF8));
                    index.Append("            (@\"").Append(path.Replace("\"", "\"\"")).Append("\", ").Append(block.FenceLine).Append("),\n");
                }
            }

            context.AddSource("ReadmeSnippets.Index.g.cs", SourceText.From(
                "namespace ReadmeSnippets\n{\n    /// <summary>Every README C# block that was compiled: the README's path and the line of its fence.</summary>\n"
                + "    public static class Index\n    {\n        public static readonly (string Readme, int FenceLine)[] Blocks =\n        {\n"
                + index + "        };\n    }\n}\n", Encoding.UTF8));
        }

        private static string Compile(string name, string path, Block block)
        {
            var tree = CSharpSyntaxTree.ParseText(block.Code, new CSharpParseOptions(LanguageVersion.Latest));
            var root = (CompilationUnitSyntax)tree.GetRoot();
            var file = path.Replace("\\", "\\\\").Replace("\"", "\\\"");
            var output = new StringBuilder();
            output.Append("// Generated from ").Append(RelativeName(path)).Append(", the block at line ").Append(block.FenceLine).Append(".\n");
            output.Append("#nullable enable\n#pragma warning disable CS1998, CS0162, CS8321\n");
            if (root.Members.Any(m => m is BaseNamespaceDeclarationSyntax))
            {
                // A whole file with its own namespace: compiled as it is.
                output.Append(Line(block.FirstCodeLine, file)).Append(block.Code).Append("\n#line default\n");
                return output.ToString();
            }

            output.Append("namespace ReadmeSnippets.").Append(name).Append("\n{\n");
            foreach (var directive in root.Usings)
            {
                output.Append(Line(block.FirstCodeLine + LineOf(directive), file)).Append("    ").Append(directive.ToString()).Append('\n');
            }

            output.Append("#line default\n");
            var statements = root.Members.OfType<GlobalStatementSyntax>().ToList();
            if (statements.Count > 0)
            {
                output.Append("    internal sealed class Snippet : global::Bandwidth.Mfa.Docs.Tests.ReadmeContext\n    {\n");
                output.Append("        internal async global::System.Threading.Tasks.Task RunAsync()\n        {\n");
                foreach (var statement in statements)
                {
                    output.Append(Line(block.FirstCodeLine + LineOf(statement), file)).Append(statement.Statement.ToString()).Append('\n');
                }

                output.Append("#line default\n        }\n    }\n");
            }

            foreach (var member in root.Members.Where(m => !(m is GlobalStatementSyntax)))
            {
                output.Append(Line(block.FirstCodeLine + LineOf(member), file)).Append(member.ToString()).Append('\n');
            }

            output.Append("#line default\n}\n");
            return output.ToString();
        }

        private static int LineOf(SyntaxNode node) => node.GetLocation().GetLineSpan().StartLinePosition.Line;

        private static string Line(int line, string file) => "#line " + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + " \"" + file + "\"\n";

        /// <summary>The C# blocks of a README, with the line of each fence and of its first code line (1-based).</summary>
        private static IEnumerable<Block> Blocks(string path, string text)
        {
            var lines = text.Replace("\r\n", "\n").Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var fence = Fence.Match(lines[i]);
                if (!fence.Success)
                {
                    continue;
                }

                var indent = fence.Groups[1].Value.Length;
                string? id = null;
                var previous = i - 1;
                while (previous >= 0 && lines[previous].Trim().Length == 0)
                {
                    previous--;
                }

                if (previous >= 0)
                {
                    var marker = Marker.Match(lines[previous]);
                    if (marker.Success)
                    {
                        foreach (var part in marker.Groups[1].Value.Split(MarkerSeparators, StringSplitOptions.RemoveEmptyEntries))
                        {
                            var pair = part.Split('=');
                            if (pair.Length == 2 && pair[0].Trim() == "id")
                            {
                                id = Identifier(pair[1].Trim());
                            }
                        }
                    }
                }

                var code = new StringBuilder();
                var start = i + 1;
                var end = start;
                while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
                {
                    var line = lines[end];
                    code.Append(line.Length >= indent && line.Substring(0, indent).Trim().Length == 0 ? line.Substring(indent) : line.TrimStart()).Append('\n');
                    end++;
                }

                yield return new Block(i + 1, start + 1, code.ToString(), id);
                i = end;
            }
        }

        private static string RelativeName(string path)
        {
            var normalized = path.Replace('\\', '/');
            var src = normalized.LastIndexOf("/src/", StringComparison.Ordinal);
            return src >= 0 ? normalized.Substring(src + 1) : Path.GetFileName(normalized);
        }

        private static string Identifier(string text)
        {
            var builder = new StringBuilder();
            foreach (var c in text)
            {
                builder.Append(char.IsLetterOrDigit(c) ? c : '_');
            }

            return builder.Length > 0 && char.IsDigit(builder[0]) ? "_" + builder : builder.ToString();
        }

        private sealed class Block
        {
            internal Block(int fenceLine, int firstCodeLine, string code, string? id)
            {
                FenceLine = fenceLine;
                FirstCodeLine = firstCodeLine;
                Code = code;
                Id = id;
            }

            internal int FenceLine { get; }

            internal int FirstCodeLine { get; }

            internal string Code { get; }

            internal string? Id { get; }
        }
    }
}
