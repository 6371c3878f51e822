using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.ApiBaseline;

/// <summary>One line that the baseline has and the assembly no longer has, or the other way round.</summary>
/// <param name="Added">True for a line of the assembly that the baseline lacks; false for a baseline line that is gone.</param>
/// <param name="BaselineLine">The 1-based baseline line: the removed line, or the line an added one would be inserted before.</param>
/// <param name="Text">The line, trimmed.</param>
/// <param name="Subject">What the line belongs to, such as <c>Bandwidth.Mfa.CodeRequest.Locale</c> for an attribute of that property.</param>
internal sealed record Difference(bool Added, int BaselineLine, string Text, string Subject);

/// <summary>
/// A line diff (longest common subsequence) of the baseline and the generated text, where each difference is named by
/// the type or member it belongs to: an attribute line by the declaration it decorates, a member by its type.
/// Lines that are only braces are not reported: they change with the declaration they open or close.
/// </summary>
internal static class BaselineDiff
{
    private static readonly HashSet<string> Modifiers = new(StringComparer.Ordinal)
    {
        "public", "protected", "internal", "private", "static", "sealed", "abstract", "readonly", "ref", "partial", "unsafe", "new",
    };

    private static readonly HashSet<string> TypeKeywords = new(StringComparer.Ordinal) { "class", "interface", "struct", "enum", "record", "delegate" };

    public static List<Difference> Compare(IReadOnlyList<string> baseline, IReadOnlyList<string> actual)
    {
        // common[i, j]: length of the longest common subsequence of baseline[i..] and actual[j..].
        var common = new int[baseline.Count + 1, actual.Count + 1];
        for (var i = baseline.Count - 1; i >= 0; i--)
        {
            for (var j = actual.Count - 1; j >= 0; j--)
            {
                common[i, j] = baseline[i] == actual[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var baselineSubjects = Subjects(baseline);
        var actualSubjects = Subjects(actual);
        var differences = new List<Difference>();
        int b = 0, a = 0;
        while (b < baseline.Count || a < actual.Count)
        {
            if (b < baseline.Count && a < actual.Count && baseline[b] == actual[a])
            {
                b++;
                a++;
            }
            else if (a == actual.Count || (b < baseline.Count && common[b + 1, a] >= common[b, a + 1]))
            {
                Report(differences, added: false, b + 1, baseline[b], baselineSubjects[b]);
                b++;
            }
            else
            {
                Report(differences, added: true, b + 1, actual[a], actualSubjects[a]);
                a++;
            }
        }

        return differences;
    }

    private static void Report(List<Difference> differences, bool added, int baselineLine, string line, string subject)
    {
        var text = line.Trim();
        if (text is not ("{" or "}" or ""))
        {
            differences.Add(new Difference(added, baselineLine, text, subject));
        }
    }

    // For each line, the full name of what it declares or belongs to, read from the namespace and type blocks around it.
    private static string[] Subjects(IReadOnlyList<string> lines)
    {
        var subjects = new string[lines.Count];
        var scopes = new Stack<string>();
        string? opening = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var text = lines[i].Trim();
            var scope = scopes.Count > 0 ? scopes.Peek() : string.Empty;
            if (text == "{")
            {
                scopes.Push(opening ?? scope);
                opening = null;
                subjects[i] = scopes.Peek();
            }
            else if (text == "}")
            {
                subjects[i] = scope;
                if (scopes.Count > 0)
                {
                    scopes.Pop();
                }
            }
            else if (text.StartsWith("//", StringComparison.Ordinal))
            {
                subjects[i] = "the file header";
            }
            else if (text.StartsWith("[assembly:", StringComparison.Ordinal))
            {
                subjects[i] = "the assembly";
            }
            else if (text.StartsWith('['))
            {
                subjects[i] = string.Empty; // an attribute: named after the declaration that follows, below
            }
            else if (text.StartsWith("namespace ", StringComparison.Ordinal))
            {
                subjects[i] = opening = text["namespace ".Length..].Trim();
            }
            else if (TypeName(text) is { } type)
            {
                subjects[i] = Qualify(scope, type);
                opening = text.Contains(" delegate ", StringComparison.Ordinal) ? null : subjects[i];
            }
            else
            {
                subjects[i] = Qualify(scope, MemberName(text));
            }
        }

        for (var i = lines.Count - 2; i >= 0; i--)
        {
            if (subjects[i].Length == 0)
            {
                subjects[i] = subjects[i + 1];
            }
        }

        return subjects;
    }

    private static string Qualify(string scope, string name) => scope.Length == 0 ? name : scope + "." + name;

    // "public sealed class MfaApiException<TResult> : Bandwidth.Mfa.MfaException" -> "MfaApiException<TResult>"; null for a member.
    private static string? TypeName(string text)
    {
        var tokens = text.Split(' ');
        var k = 0;
        while (k < tokens.Length && Modifiers.Contains(tokens[k]))
        {
            k++;
        }

        if (k == 0 || k >= tokens.Length - 1 || !TypeKeywords.Contains(tokens[k]))
        {
            return null;
        }

        if (tokens[k] == "delegate")
        {
            return MemberName(text);
        }

        var rest = string.Join(' ', tokens, k + 1, tokens.Length - k - 1);
        if (rest.StartsWith("struct ", StringComparison.Ordinal) || rest.StartsWith("class ", StringComparison.Ordinal))
        {
            rest = rest[(rest.IndexOf(' ') + 1)..]; // record struct, record class
        }

        var end = rest.Length;
        foreach (var stop in new[] { " : ", " where ", "(" })
        {
            var at = rest.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < end)
            {
                end = at;
            }
        }

        return rest[..end].Trim();
    }

    // "public string? Locale { get; set; }" -> "Locale"; "public Task<T> ReadAsync<T>(...) { }" -> "ReadAsync<T>".
    private static string MemberName(string text)
    {
        var end = text.Length;
        foreach (var stop in new[] { "(", " {", " =", ";" })
        {
            var at = text.IndexOf(stop, StringComparison.Ordinal);
            if (at > 0 && at < end)
            {
                end = at;
            }
        }

        var head = text[..end].TrimEnd();
        var start = head.Length;
        for (var depth = 0; start > 0; start--)
        {
            var c = head[start - 1];
            depth += c == '>' || c == ']' ? 1 : c == '<' || c == '[' ? -1 : 0;
            if (c == ' ' && depth == 0)
            {
                break;
            }
        }

        var name = head[start..];
        if (head[..start].TrimEnd().EndsWith(" operator", StringComparison.Ordinal))
        {
            name = "operator " + name;
        }

        return name.Length > 0 ? name : text;
    }
}
