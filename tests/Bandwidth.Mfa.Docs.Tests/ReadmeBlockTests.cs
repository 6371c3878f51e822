using System.Reflection;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Bandwidth.Mfa.Docs.Tests;

/// <summary>Every C# block of every README was handed to the compiler: none was skipped by a fence the generator missed.</summary>
public class ReadmeBlockTests
{
    private static readonly Regex AnyCSharpFence = new(@"^\s*```\s*(csharp|cs|c#|C#)\s*$", RegexOptions.Multiline);

    [Test]
    public void Every_csharp_block_of_every_README_is_compiled()
    {
        var root = typeof(ReadmeBlockTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
        var readmes = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.GetDirectories(Path.Combine(root, "src")).Select(d => Path.Combine(d, "README.md")).Where(File.Exists))
            .ToArray();

        var expected = readmes.Sum(r => AnyCSharpFence.Matches(File.ReadAllText(r)).Count);
        var compiled = ReadmeSnippets.Index.Blocks;

        Assert.That(readmes, Has.Length.GreaterThanOrEqualTo(5), "the root README and the packages' READMEs");
        Assert.That(compiled, Has.Length.EqualTo(expected));
        Assert.That(compiled.Select(b => Path.GetFullPath(b.Readme)).Distinct(), Is.SubsetOf(readmes.Select(Path.GetFullPath)));
    }
}
