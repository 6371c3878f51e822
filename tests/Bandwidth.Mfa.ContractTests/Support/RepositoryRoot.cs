using System;
using System.IO;

namespace Bandwidth.Mfa.ContractTests.Support;

/// <summary>The repository the tests were built from: the nearest folder above the test assembly that holds Bandwidth.Mfa.sln.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder != null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Bandwidth.Mfa.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Bandwidth.Mfa.sln was not found above " + AppContext.BaseDirectory + ": run the contract tests from a clone of the repository.");
    }
}
