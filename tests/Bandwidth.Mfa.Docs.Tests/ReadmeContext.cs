using Bandwidth.Mfa.Redis;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Builder;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Docs.Tests;

/// <summary>
/// What a README fragment takes as given, as its prose says: the statements of every README C# block are compiled as the
/// body of a method of a class deriving from this one (see tests/Bandwidth.Mfa.Docs.Generator). The blocks are compiled,
/// not run (they would reach the real service); blocks that declare NUnit tests are run by this project.
/// </summary>
public abstract class ReadmeContext
{
#pragma warning disable CS8618, IDE1006 // Stand-ins named as the README names them; never run.
    /// <summary>The builder of an ASP.NET Core app's Program.cs.</summary>
    protected WebApplicationBuilder builder;

    /// <summary>The app it built.</summary>
    protected WebApplication app;

    /// <summary>A service collection, where a README says "services".</summary>
    protected IServiceCollection services;

    /// <summary>Client options the README's reader built.</summary>
    protected MfaOptions options;

    /// <summary>The caller's cancellation token.</summary>
    protected CancellationToken ct;

    /// <summary>The account id a full call names.</summary>
    protected string accountId;

    /// <summary>The code the user typed.</summary>
    protected string codeTheUserTyped;

    /// <summary>The tenant of a multi-account application.</summary>
    protected Tenant tenant;

    /// <summary>A Redis connection the application owns.</summary>
    protected IConnectionMultiplexer connection;

    /// <summary>The Redis store's options.</summary>
    protected MfaRedisSendLimitOptions redisOptions;

    /// <summary>The service of "Without dependency injection", whose <c>Client</c> the full calls use.</summary>
    protected MfaService mfa;

    /// <summary>A sandbox of the Testing package.</summary>
    protected MfaSandbox sandbox;

    /// <summary>A secret from the application's vault.</summary>
    protected string secret;
#pragma warning restore CS8618, IDE1006

    /// <summary>A tenant that picks its MFA client at run time.</summary>
    /// <param name="MfaClientName">The registered name of its MFA client.</param>
    protected sealed record Tenant(string MfaClientName);
}
