using Bandwidth.Mfa.SpecDrift.Patterns;
using NUnit.Framework;

namespace Bandwidth.Mfa.SpecDrift.Tests.Patterns;

/// <summary>Pattern inclusion: which strings each of two JSON Schema patterns accepts (unanchored unless ^ and $ say so).</summary>
public sealed class PatternComparisonTests
{
    [TestCase(@"^\+[1-9]\d{1,14}$", @"^[+][1-9][0-9]{1,14}$", "Same")]
    [TestCase(@"^\+[1-9]\d{1,14}$", @"^\+[1-9]\d{1,19}$", "FirstNarrower")]
    [TestCase(@"^\+[1-9]\d{1,14}$", @"^\+1\d{10}$", "FirstWider")]
    [TestCase(@"^\+1\d{10}$", @"^\+44\d{10}$", "Overlapping")]
    [TestCase("abc", "^abc$", "FirstWider")]
    [TestCase("^a(b|c)+$", "^a[bc]+$", "Same")]
    [TestCase(@"^\w+$", "^[A-Za-z0-9_]+$", "Same")]
    [TestCase("^[^a\\n\\r\\u2028\\u2029]$", "^.$", "FirstNarrower")]
    [TestCase("^[^a]$", "^.$", "Overlapping")] // [^a] takes line breaks, which '.' does not
    [TestCase("^x*?y$", "^x*y$", "Same")]
    [TestCase(@"^(?=a)a$", "^a$", "Unknown")]
    [TestCase(@"^(a)\1$", "^aa$", "Unknown")]
    public void Relation(string first, string second, string expected)
    {
        Assert.That(PatternComparison.Compare(first, second).Relation.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Each_side_gets_a_shortest_example_the_other_refuses()
    {
        var comparison = PatternComparison.Compare(@"^\+1\d{2}$", @"^\+4\d{1}$");

        Assert.That(comparison.OnlyFirst, Is.EqualTo("+100"));
        Assert.That(comparison.OnlySecond, Is.EqualTo("+40"));
    }
}
