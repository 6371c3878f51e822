using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.SpecDrift.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.SpecDrift.Tests.Reading;

/// <summary>A document that cannot be read or used is exit code 2 with one line that says why, and no report.</summary>
public sealed class UnreadableDocumentTests
{
    private static readonly string ValidMinimal = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n";

    [TestCase("missing", null, "cannot be read")]
    [TestCase("empty.yml", "  \n", "cannot be read: the file is empty.")]
    [TestCase("broken.yml", "openapi: 3.0.3\ninfo: [unclosed\n", "cannot be read: Unable to parse the YAML document")]
    [TestCase("broken.json", "{\"openapi\": \"3.0.3\", \"info\": ", "cannot be read:")]
    [TestCase("not-openapi.yml", "hello: world\n", "cannot be read: Version node not found.")]
    [TestCase("swagger.json", "{\"swagger\":\"2.0\",\"info\":{\"title\":\"x\",\"version\":\"1\"},\"paths\":{}}", "it is a Swagger 2.0 document")]
    [TestCase("other-api.yml", "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200': {description: ok}\n", "cannot be used: it has none of the paths of mfa.yml")]
    public async Task An_unusable_vendor_document_is_exit_code_2_with_one_line(string name, string? content, string reason)
    {
        using var folder = new TempFolder();
        var vendor = content is null ? Path.Combine(folder.FullName, name) : folder.Write(name, content);
        var report = Path.Combine(folder.FullName, "report.md");
        var (output, error) = (new StringWriter(), new StringWriter());

        var exitCode = await Program.RunAsync(["--vendor", vendor, "--ours", Documents.OursPath, "--report", report], output, error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.StartWith("spec-drift: ").And.Contain(reason));
        Assert.That(error.ToString().TrimEnd().Split('\n'), Has.Length.EqualTo(1), error.ToString());
        Assert.That(output.ToString(), Is.Empty);
        Assert.That(File.Exists(report), Is.False);
    }

    [Test]
    public async Task A_reference_the_comparison_needs_that_does_not_resolve_is_exit_code_2_naming_it()
    {
        using var folder = new TempFolder();
        var vendor = Documents.Ours();
        Documents.At(vendor, "#/components/requestBodies/CodeRequestBody/content/application~1json/schema")["$ref"] = "#/components/schemas/Missing";
        var path = folder.Write("vendor.json", Documents.ToJson(vendor));
        var error = new StringWriter();

        var exitCode = await Program.RunAsync(["--vendor", path, "--ours", Documents.OursPath, "--report", Path.Combine(folder.FullName, "r.md")], new StringWriter(), error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.ToString().TrimEnd(), Is.EqualTo("spec-drift: vendor.json: cannot be used: the $ref '#/components/schemas/Missing' at #/components/requestBodies/CodeRequestBody/content/application~1json/schema does not resolve within the document."));
    }

    [Test]
    public async Task An_unreadable_document_of_ours_is_exit_code_2_too()
    {
        using var folder = new TempFolder();
        var ours = folder.Write("mfa.yml", "openapi: [\n");
        var vendor = folder.Write("vendor.yml", ValidMinimal);
        var error = new StringWriter();

        var exitCode = await Program.RunAsync(["--vendor", vendor, "--ours", ours, "--report", Path.Combine(folder.FullName, "r.md")], new StringWriter(), error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain("mfa.yml: cannot be read"));
    }

    [TestCase(new string[0], "the vendor's document is missing (--vendor <file>)")]
    [TestCase(new[] { "--vendor" }, "unknown or incomplete argument '--vendor'")]
    [TestCase(new[] { "--vendr", "x.yml" }, "unknown or incomplete argument '--vendr'")]
    public async Task Wrong_arguments_are_exit_code_2_with_the_usage(string[] args, string reason)
    {
        var error = new StringWriter();

        var exitCode = await Program.RunAsync(args, new StringWriter(), error, CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(2));
        Assert.That(error.ToString(), Does.Contain(reason).And.Contain(Program.Usage));
    }
}
