using System;

namespace Bandwidth.Mfa.Benchmarks.SandboxMemory;

/// <summary>One reading of the server's memory: when, after how many requests, its working set and private bytes.</summary>
internal sealed record Sample(TimeSpan Elapsed, int Requests, long WorkingSet, long PrivateBytes, string? Note);
