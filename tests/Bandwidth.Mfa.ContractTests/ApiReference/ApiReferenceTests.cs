using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.ContractTests.Regeneration;
using Bandwidth.Mfa.ContractTests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.ApiReference;

/// <summary>
/// The API reference check of build.ps1's Docs task (eng/docs.ps1), run on a small repository made in a temporary
/// folder: one class library and two articles, with the repository's own docs/site/docfx.json pointed at that library.
/// Clean, it builds into a site whose links work; with a broken cref, an undocumented member, a cref to an internal
/// type and broken links between articles, it fails and names each of them in the file it is in.
/// </summary>
/// <remarks>
/// The repository's own build stops a plain cref typo earlier: the compiler reports it (CS1574) and warnings are errors.
/// The fixture turns CS1574 off so that the docs check is seen to catch it on its own; the other defects here pass the
/// compiler and only the docs check catches them.
/// </remarks>
[NonParallelizable]
public sealed class ApiReferenceTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    // Any HTTP request of the docs build (an external cross-reference map, for example) goes to a closed loopback port
    // and fails, so a build that passes here needed nothing from the network.
    private static readonly IReadOnlyDictionary<string, string> NoNetwork = new Dictionary<string, string>
    {
        ["http_proxy"] = "http://127.0.0.1:9",
        ["https_proxy"] = "http://127.0.0.1:9",
        ["all_proxy"] = "http://127.0.0.1:9",
        ["HTTP_PROXY"] = "http://127.0.0.1:9",
        ["HTTPS_PROXY"] = "http://127.0.0.1:9",
        ["ALL_PROXY"] = "http://127.0.0.1:9",
        ["no_proxy"] = string.Empty,
        ["NO_PROXY"] = string.Empty,
    };

    private DirectoryInfo _work = null!;

    [SetUp]
    public void SetUp() => _work = Directory.CreateTempSubdirectory("mfa-docs-");

    [TearDown]
    public void TearDown() => _work.Delete(recursive: true);

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task A_clean_library_and_its_articles_build_into_a_site_whose_links_work(CancellationToken cancellationToken)
    {
        WriteFixture(broken: false);

        var run = await RunDocsAsync(cancellationToken);

        Assert.That(run.ExitCode, Is.EqualTo(0), "the clean fixture builds");
        Assert.That(run.Output, Does.Contain("API check: 3 public types and members read."));
        var site = Path.Combine(_work.FullName, "artifacts", "docs", "site");
        var widget = await File.ReadAllTextAsync(Path.Combine(site, "api", "Fixture.Widget.html"), cancellationToken);
        Assert.That(widget, Does.Contain("href=\"Fixture.Gadget.html\""), "a cref to another public type links to its page");
        Assert.That(
            widget,
            Does.Contain("href=\"https://learn.microsoft.com/dotnet/api/system.timespan\""),
            "a cref to a .NET type links to its page on learn.microsoft.com, computed by docfx without fetching anything");
        Assert.That(widget, Does.Contain("The widget is already spinning."), "the <exception> docs are on the page");
        var readme = await File.ReadAllTextAsync(Path.Combine(site, "guide", "README.html"), cancellationToken);
        Assert.That(readme, Does.Contain("href=\"docs/notes.html\""), "a relative link to another article");
        Assert.That(readme, Does.Contain("href=\"#first-section\""), "a link to a heading of the same article");
        Assert.That(readme, Does.Contain("href=\"../api/Fixture.Widget.html\""), "an <xref:> to the API");
        var notes = await File.ReadAllTextAsync(Path.Combine(site, "guide", "docs", "notes.html"), cancellationToken);
        Assert.That(notes, Does.Contain("href=\"../README.html#first-section\""), "a link back, to a heading of the README");
    }

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task Broken_crefs_links_and_an_undocumented_member_fail_the_build_each_named_in_its_file(CancellationToken cancellationToken)
    {
        WriteFixture(broken: true);

        var run = await RunDocsAsync(cancellationToken);

        Assert.That(run.ExitCode, Is.EqualTo(1), "the docs check fails");
        Assert.Multiple(() =>
        {
            // In the XML docs: a cref the compiler could not bind, one written with '!:', one to an internal type.
            Assert.That(run.Output, Does.Contain("InvalidCref: Invalid cref value \"!:Gizmo\""));
            Assert.That(run.Output, Does.Contain("InvalidCref: Invalid cref value \"!:Nowhere\""));
            Assert.That(run.Output, Does.Contain("NoPage: the docs of Fixture.Widget (or of a member) refer to Fixture.Hidden, which has no page"));
            // A public member without a summary in a file that turns CS1591 off, as the generated client does.
            Assert.That(run.Output, Does.Contain("Undocumented: Property Fixture.Gadget.Extra is public and has no <summary>."));
            // docs/site/undocumented.txt excuses Allowed; a line for a member that is gone fails, so the list only shrinks.
            Assert.That(run.Output, Does.Not.Contain("Fixture.Gadget.Allowed"));
            Assert.That(run.Output, Does.Contain("docs/site/undocumented.txt: Undocumented: Fixture.Gadget.Gone is not in the reference any more"));
            // In the articles, named by their repository paths (not the staged copies docfx builds).
            Assert.That(run.Output, Does.Match(@"  README\.md\(3\): InvalidFileLink: Invalid file link:\(~/guide/docs/missing\.md\)"));
            Assert.That(run.Output, Does.Match(@"  README\.md\(3\): InvalidBookmark: .*doesn't contain a bookmark named 'no-such-section'"));
            Assert.That(run.Output, Does.Match(@"  README\.md: UidNotFound: 1 invalid cross reference\(s\) ""<xref:Fixture\.Nope>"""));
            Assert.That(run.Output, Does.Contain("The API reference has 8 problem(s):"), "nothing else is wrong with the fixture");
        });
    }

    private async Task<DotnetCli.Result> RunDocsAsync(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Path;
        // docfx and PowerShell are local tools of the repository; 'dotnet test' may run before 'dotnet tool restore'.
        var restore = await DotnetCli.RunAsync(root, new[] { "tool", "restore" }, RunTimeout, cancellationToken);
        Assert.That(restore.ExitCode, Is.EqualTo(0), restore.Output);

        var run = await DotnetCli.RunAsync(
            root,
            new[] { "pwsh", "-NoProfile", "-File", Path.Combine(root, "eng", "docs.ps1"), "-Root", _work.FullName },
            RunTimeout,
            cancellationToken,
            NoNetwork);
        TestContext.Out.WriteLine(run.Output);
        return run;
    }

    private void WriteFixture(bool broken)
    {
        // The repository's docfx.json, reading the fixture's one project instead of the four libraries.
        var config = JsonNode.Parse(
            File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "site", "docfx.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        config["metadata"]![0]!["src"]![0]!["files"] = new JsonArray("Fixture/Fixture.csproj");
        Write("docs/site/docfx.json", config.ToJsonString());
        Write("docs/site/toc.yml", "- name: Guide\n  href: guide/\n- name: API reference\n  href: api/\n");
        Write("docs/site/guide/toc.yml", "- name: Overview\n  href: README.md\n- name: Notes\n  href: docs/notes.md\n");
        Write("docs/site/index.md", "# Fixture\n\nThe [guide](guide/README.md) and the [API](api/Fixture.yml).\n");
        Write("docs/site/namespaces.md", "---\nuid: Fixture\nsummary: *content\n---\nThe fixture's types.\n");

        Write(
            "src/Fixture/Fixture.csproj",
            """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <!-- The repository's build fails on CS1574 first; off here, so that the docs check is seen to catch it. -->
                <NoWarn>$(NoWarn);CS1574</NoWarn>
              </PropertyGroup>
            </Project>
            """);
        var see = broken
            ? """<see cref="Gadget"/>, <see cref="System.TimeSpan"/>, <see cref="Gizmo"/>, <see cref="!:Nowhere"/> and <see cref="Hidden"/>"""
            : """<see cref="Gadget"/> and <see cref="System.TimeSpan"/>""";
        Write(
            "src/Fixture/Widget.cs",
            $$"""
            namespace Fixture;

            /// <summary>A widget; see {{see}}.</summary>
            public class Widget
            {
                /// <summary>Spins the widget.</summary>
                /// <exception cref="System.InvalidOperationException">The widget is already spinning.</exception>
                public void Spin() { }
            }

            /// <summary>A gadget.</summary>
            public partial class Gadget { }

            internal sealed class Hidden { }
            """);
        if (broken)
        {
            Write(
                "src/Fixture/Generated.cs",
                """
                #pragma warning disable 1591 // as NSwag's output does
                namespace Fixture;

                public partial class Gadget
                {
                    public string? Extra { get; set; }

                    public int Allowed { get; set; }
                }
                """);
            Write("docs/site/undocumented.txt", "# Known gaps\nFixture.Gadget.Allowed  # excused, with its reason\nFixture.Gadget.Gone\n");
        }

        var brokenLinks = broken ? " Also [missing](docs/missing.md), [no such section](#no-such-section) and <xref:Fixture.Nope>." : string.Empty;
        Write("README.md", $"# Fixture\n\nThe [notes](docs/notes.md), the [first section](#first-section) and <xref:Fixture.Widget>.{brokenLinks}\n\n## First section\n\nText.\n");
        Write("docs/notes.md", "# Notes\n\nBack to the [README](../README.md#first-section).\n");
    }

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_work.FullName, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
