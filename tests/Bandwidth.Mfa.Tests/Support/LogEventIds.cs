using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// The log contract as the README documents it (category and event ids), written out here as numbers so that the tests
/// pin the documented values rather than compare the client's constants with themselves.
/// </summary>
public static class LogEventIds
{
    public const string Category = "Bandwidth.Mfa";

    public static readonly EventId CallCompleted = new(1100, "CallCompleted");

    public static readonly EventId CallNeedsAttention = new(1101, "CallNeedsAttention");

    public static readonly EventId CallFailed = new(1102, "CallFailed");

    public static readonly EventId CallCancelled = new(1103, "CallCancelled");

    public static readonly EventId CallRetried = new(1104, "CallRetried");

    public static readonly EventId SendLimitStoreUnavailable = new(1105, "SendLimitStoreUnavailable");
}
