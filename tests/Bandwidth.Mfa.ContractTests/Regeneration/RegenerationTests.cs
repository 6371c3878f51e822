using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.ContractTests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.ContractTests.Regeneration;

/// <summary>
/// The regeneration workflow of CONTRIBUTING.md, proven on a copy of the spec: a vendor change is made to the copy, the
/// Generated project is built against it into a temporary folder (MfaSpec, MfaArtifactsRoot), and the change must reach
/// the generated client while the public API baseline check fails the build naming every consumer-visible difference.
/// The normal obj/ and bin/ folders are not touched.
/// </summary>
[NonParallelizable]
public sealed class RegenerationTests
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(8);

    [Test]
    [CancelAfter(10 * 60 * 1000)]
    public async Task A_spec_change_reaches_the_client_and_the_baseline_check_names_each_difference(CancellationToken cancellationToken)
    {
        var root = RepositoryRoot.Path;
        var project = Path.Combine(root, "src", "Bandwidth.Mfa.Generated", "Bandwidth.Mfa.Generated.csproj");
        var normalGenerated = Path.Combine(root, "src", "Bandwidth.Mfa.Generated", "obj", "Release", "net10.0", "MfaClient.g.cs");
        var normalStamp = File.Exists(normalGenerated) ? File.GetLastWriteTimeUtc(normalGenerated) : (DateTime?)null;
        var work = Directory.CreateTempSubdirectory("mfa-regeneration-");
        try
        {
            var spec = Path.Combine(work.FullName, "mfa.yml");
            new SpecEditor(Path.Combine(root, "openapi", "mfa.yml"))
                .AddOptionalStringProperty("CodeRequest", "locale", "The language of the message, as a BCP 47 tag.", 10, "en-US")
                .AddResponse("/accounts/{accountId}/code/verify", "post", 503, "The service is briefly unavailable.", "MfaRequestError")
                // Only the wire name changes: the C# property stays ApplicationId, so only the recorded attribute can tell.
                .RenameProperty("CodeRequest", "applicationId", "ApplicationId")
                .Save(spec);
            var artifacts = Path.Combine(work.FullName, "artifacts") + Path.DirectorySeparatorChar;

            var build = await DotnetCli.RunAsync(
                root,
                new[]
                {
                    "build", project, "-c", "Release", "-f", "net10.0", "-nologo", "-nodeReuse:false", "--disable-build-servers",
                    "-p:MfaSpec=" + spec, "-p:MfaArtifactsRoot=" + artifacts, "-p:UseSharedCompilation=false",
                },
                BuildTimeout,
                cancellationToken);
            TestContext.Out.WriteLine(build.Output);

            // The change reached the generated client.
            var generated = Path.Combine(artifacts, "obj", "Bandwidth.Mfa.Generated", "Release", "net10.0", "MfaClient.g.cs");
            Assert.That(generated, Does.Exist, "the client was generated from the copy into the temporary folder");
            var code = await File.ReadAllTextAsync(generated, cancellationToken);
            Assert.That(code, Does.Contain("[Newtonsoft.Json.JsonProperty(\"locale\"").And.Contain(" Locale { get; set; }"), "the new optional property");
            Assert.That(code, Does.Contain("MfaErrorResponse.Of<MfaRequestError>(503, \"The service is briefly unavailable.\")"), "the new documented status is handled");
            Assert.That(code, Does.Contain("[Newtonsoft.Json.JsonProperty(\"ApplicationId\""), "the renamed wire name");

            // The baseline check failed the build, naming each changed line (file and line, the member it belongs to, the
            // line itself with its attributes and nullable annotations) and nothing else.
            Assert.That(build.ExitCode, Is.Not.EqualTo(0), "a surface change without a baseline update fails the build");
            const string Added = @"Bandwidth\.Mfa\.Generated\.txt\(\d+\): error MFAAPI001: Bandwidth\.Mfa\.Generated \(net10\.0\): ";
            const string Removed = @"Bandwidth\.Mfa\.Generated\.txt\(\d+\): error MFAAPI002: Bandwidth\.Mfa\.Generated \(net10\.0\): ";
            Assert.That(build.Output, Does.Match(Added + @"Bandwidth\.Mfa\.CodeRequest\.Locale has a line that is not in the baseline: public string\? Locale \{ get; set; \}"));
            Assert.That(build.Output, Does.Match(Added + @"Bandwidth\.Mfa\.CodeRequest\.Locale has a line that is not in the baseline: \[Newtonsoft\.Json\.JsonProperty\(""locale"""));
            Assert.That(build.Output, Does.Match(Added + @"Bandwidth\.Mfa\.CodeRequest\.Locale has a line that is not in the baseline: \[System\.ComponentModel\.DataAnnotations\.StringLength\(10\)\]"));
            Assert.That(build.Output, Does.Match(Added + @"Bandwidth\.Mfa\.CodeRequest\.ApplicationId has a line that is not in the baseline: \[Newtonsoft\.Json\.JsonProperty\(""ApplicationId"""));
            Assert.That(build.Output, Does.Match(Removed + @"Bandwidth\.Mfa\.CodeRequest\.ApplicationId no longer has this baseline line: \[Newtonsoft\.Json\.JsonProperty\(""applicationId"""));
            Assert.That(
                build.Output,
                Does.Contain("differs from its baseline: 4 lines added, 1 removed, on Bandwidth.Mfa.CodeRequest.ApplicationId, Bandwidth.Mfa.CodeRequest.Locale."),
                "the new status adds no member; nothing else differs");
            Assert.That(build.Output, Does.Contain("dotnet pwsh build.ps1 -Task ApiBaseline"), "the message says how to accept the change");

            // The normal build output was left alone.
            Assert.That(File.Exists(normalGenerated) ? File.GetLastWriteTimeUtc(normalGenerated) : (DateTime?)null, Is.EqualTo(normalStamp));
            if (File.Exists(normalGenerated))
            {
                Assert.That(await File.ReadAllTextAsync(normalGenerated, cancellationToken), Does.Not.Contain("\"locale\""));
            }
        }
        finally
        {
            DeleteQuietly(work);
        }

        Assert.That(work.FullName, Does.Not.Exist, "the temporary folder is cleaned up");
    }

    private static void DeleteQuietly(DirectoryInfo folder)
    {
        for (var attempt = 1; attempt <= 5 && Directory.Exists(folder.FullName); attempt++)
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(500 * attempt);
            }
            catch (UnauthorizedAccessException) when (attempt < 5)
            {
                Thread.Sleep(500 * attempt);
            }
        }
    }
}
