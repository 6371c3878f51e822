using System;
using System.Collections.Concurrent;
using System.Threading.Tasks;
using Bandwidth.Mfa.AspNetCore.Identity;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Bandwidth.Mfa.AspNetCore.Identity.Tests;

/// <summary>Identity on the EF Core stores over an in-memory SQLite database, with the providers on a sandboxed MFA client.</summary>
public sealed class IdentityHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    private readonly SqliteConnection _db;
    private readonly ServiceProvider _root;
    private readonly AsyncServiceScope _scope;

    public IdentityHost(Action<MfaTokenProviderOptions>? configure = null, Action<IServiceCollection>? services = null, Action<MfaSandboxOptions>? sandbox = null)
    {
        Clock = new FakeTimeProvider(Start);
        var sandboxOptions = new MfaSandboxOptions { TimeProvider = Clock, MaxFailedVerifications = 3 };
        sandbox?.Invoke(sandboxOptions);
        Sandbox = new MfaSandbox(sandboxOptions);
        _db = new SqliteConnection("DataSource=:memory:");
        _db.Open();

        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Clock);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new RecordingLoggerProvider(Logs)));
        collection.AddDbContext<IdentityDbContext>(o => o.UseSqlite(_db));
        collection.AddBandwidthMfa(o => SandboxClient(o, Sandbox)).UseSandbox(Sandbox);
        collection.AddIdentityCore<IdentityUser>()
            .AddEntityFrameworkStores<IdentityDbContext>()
            .AddBandwidthMfaTokenProviders(configure);
        services?.Invoke(collection);
        _root = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _scope = _root.CreateAsyncScope();
        _scope.ServiceProvider.GetRequiredService<IdentityDbContext>().Database.EnsureCreated();
    }

    public FakeTimeProvider Clock { get; }

    public MfaSandbox Sandbox { get; }

    public ConcurrentQueue<string> Logs { get; } = new();

    public IServiceProvider Services => _scope.ServiceProvider;

    public UserManager<IdentityUser> Users => Services.GetRequiredService<UserManager<IdentityUser>>();

    /// <summary>Another request's scope: its own DbContext and UserManager, as two requests at once have.</summary>
    public AsyncServiceScope NewRequestScope() => _root.CreateAsyncScope();

    public static void SandboxClient(MfaOptions o, MfaSandbox sandbox)
    {
        var s = sandbox.CreateClientOptions();
        o.AccountId = s.AccountId;
        o.Username = s.Username;
        o.Password = s.Password;
        o.ExpirationTimeInMinutes = 5;
        o.Messaging.From = s.Messaging.From;
        o.Messaging.ApplicationId = s.Messaging.ApplicationId;
        o.Messaging.Message = "Your {NAME} code is {CODE}";
        o.Voice.From = s.Voice.From;
        o.Voice.ApplicationId = s.Voice.ApplicationId;
    }

    /// <summary>A user with a confirmed phone number (set straight in the store, as an admin import would).</summary>
    public async Task<IdentityUser> UserAsync(string name, string? phone = "+19195551234", bool confirmed = true)
    {
        var user = new IdentityUser(name);
        Check(await Users.CreateAsync(user, "Passw0rd!"));
        if (phone != null)
        {
            user.PhoneNumber = phone;
            user.PhoneNumberConfirmed = confirmed;
            Check(await Users.UpdateAsync(user));
        }

        return user;
    }

    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", System.Linq.Enumerable.Select(result.Errors, e => e.Description)));
        }
    }

    public void SetRequest(HttpContext context) => Services.GetRequiredService<IHttpContextAccessor>().HttpContext = context;

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _root.DisposeAsync();
        await _db.DisposeAsync();
    }

    private sealed class RecordingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => lines.Enqueue(category + ": " + formatter(state, exception) + (exception == null ? string.Empty : " " + exception));
        }
    }
}
