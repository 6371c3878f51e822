using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using PublicApiGenerator;

namespace Bandwidth.Mfa.ApiBaseline;

/// <summary>
/// The public API of a built assembly as PublicApiGenerator prints it: C#-like declarations of every public or protected
/// type and member, with their attributes (the wire names and the spec's rules among them) and nullable annotations.
/// </summary>
internal static class PublicApiText
{
    private static readonly ApiGeneratorOptions Options = new()
    {
        // Everything public in our assemblies is ours, whatever its namespace (AddBandwidthMfa lives in
        // Microsoft.Extensions.DependencyInjection); a public polyfill in one target framework should show up, not hide.
        DenyNamespacePrefixes = [],
        UseDenyNamespacePrefixesForExtensionMethods = false,
        ExcludeAttributes =
        [
            // Differs per target framework by design; the baseline is one file for all of them.
            "System.Runtime.Versioning.TargetFrameworkAttribute",
            // Package metadata (the repository URL), not API.
            "System.Reflection.AssemblyMetadataAttribute",
        ],
    };

    /// <summary>
    /// Generates the text. Mono.Cecil resolves the assemblies it needs from the folder of the assembly it reads, so the
    /// assembly and the references it was compiled against are linked (or copied) into one temporary folder first.
    /// </summary>
    public static string Generate(string assemblyPath, IReadOnlyList<string> references)
    {
        var stage = Directory.CreateTempSubdirectory("mfa-api-");
        try
        {
            var staged = Stage(assemblyPath, stage.FullName);
            foreach (var reference in references)
            {
                if (File.Exists(reference) && !File.Exists(Path.Combine(stage.FullName, Path.GetFileName(reference))))
                {
                    Stage(reference, stage.FullName);
                }
            }

            return new PathOnlyAssembly(staged).GeneratePublicApi(Options).Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        finally
        {
            stage.Delete(recursive: true);
        }
    }

    private static string Stage(string file, string folder)
    {
        var target = Path.Combine(folder, Path.GetFileName(file));
        try
        {
            File.CreateSymbolicLink(target, Path.GetFullPath(file));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Windows without the symbolic-link privilege.
            File.Copy(file, target);
        }

        return target;
    }

    /// <summary>
    /// PublicApiGenerator takes an <see cref="Assembly"/> but reads only its <see cref="Assembly.Location"/> (with
    /// Mono.Cecil), so the assembly is never loaded into this process.
    /// </summary>
    private sealed class PathOnlyAssembly(string location) : Assembly
    {
        public override string Location { get; } = location;
    }
}
