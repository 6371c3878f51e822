#if NETFRAMEWORK
using System.Diagnostics;
using NUnit.Framework;

/// <summary>
/// .NET Framework's activities default to hierarchical ids, which have no trace id: a span could not be told to belong
/// to a test's trace. .NET 5 and later default to W3C ids, and so does an application that uses the OpenTelemetry SDK on
/// .NET Framework; this run does what such an application does, once, before any test (in no namespace: for every test of the assembly).
/// </summary>
[SetUpFixture]
public sealed class NetFrameworkTelemetrySetup
{
    [OneTimeSetUp]
    public void UseW3CIds()
    {
        Activity.DefaultIdFormat = ActivityIdFormat.W3C;
        Activity.ForceDefaultIdFormat = true;
    }
}
#endif
