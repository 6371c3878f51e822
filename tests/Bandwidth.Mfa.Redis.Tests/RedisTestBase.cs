using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis.Tests;

/// <summary>
/// What every Redis test fixture shares: a fresh server per test (Garnet in this process, or redis-server where it is on
/// the PATH; that variant alone is skipped otherwise), the fake MFA service that counts sends, and the disposal of
/// everything a test opened, in reverse order.
/// </summary>
public abstract class RedisTestBase(string backendKind)
{
    protected const string BaseUrl = "https://mfa.bandwidth.com/api/v1/";
    protected const string AccountId = "9900000";
    protected const string To = "+19195551234";
    protected const string HashKey = "test-only-hash-key-0123456789abcdef";
    private readonly List<IDisposable> _owned = new();

    protected string BackendKind { get; } = backendKind;

    protected RedisBackend Backend { get; private set; } = null!;

    /// <summary>The fake MFA service: counts sends, answers 200.</summary>
    protected CountingMfa Mfa { get; private set; } = null!;

    [OneTimeSetUp]
    public void RequireBackend()
    {
        if (BackendKind == RedisBackend.RedisServer && RedisBackend.FindRedisServer() == null)
        {
            Assert.Ignore("redis-server is not on the PATH: the Redis-store tests ran against Garnet only. Install redis-server to run them against Redis too.");
        }
    }

    [SetUp]
    public void StartBackend()
    {
        Backend = RedisBackend.Start(BackendKind);
        Mfa = new CountingMfa();
    }

    [TearDown]
    public void StopEverything()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
        Mfa.Dispose();
        Backend.Dispose();
    }

    protected T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    /// <summary>A connection that fails fast while the server is gone (no backlog), owned by the test.</summary>
    protected ConnectionMultiplexer Connect(string? endpoint = null)
    {
        var options = new ConfigurationOptions
        {
            EndPoints = { endpoint ?? Backend.Endpoint },
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = 5000,
            AsyncTimeout = 5000,
            SyncTimeout = 5000,
        };
        var connection = Own(ConnectionMultiplexer.Connect(options));
        Assert.That(connection.IsConnected, Is.True, "connected to " + (endpoint ?? Backend.Endpoint));
        return connection;
    }

    /// <summary>Sets what every test client needs besides its limits.</summary>
    protected static void Basics(MfaOptions options, string accountId = AccountId)
    {
        options.BaseUrl = new Uri(BaseUrl);
        options.AccountId = accountId;
        options.AccessToken = "t";
        options.Messaging.From = "+19195554321";
        options.Messaging.ApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";
    }

    /// <summary>Sends, and says whether the send limits let it through.</summary>
    protected static async Task<bool> TrySend(IMfaService mfa, string to, string? accountId = null)
    {
        try
        {
            await mfa.SendSmsCodeAsync(to, overrides: accountId == null ? null : new MfaSendOverrides { AccountId = accountId });
            return true;
        }
        catch (MfaSendRefusedException)
        {
            return false;
        }
    }

    /// <summary>The fake MFA service: counts sends, answers 200.</summary>
    public sealed class CountingMfa : HttpMessageHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var body = request.RequestUri!.AbsolutePath.EndsWith("/code/verify", StringComparison.Ordinal) ? "{\"valid\":true}" : "{\"messageId\":\"m-1\"}";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }

        /// <summary>The same counter as a primary handler that the HTTP client factory may dispose.</summary>
        public HttpMessageHandler Shared() => new NonDisposing(this);

        private sealed class NonDisposing(HttpMessageHandler inner) : DelegatingHandler(inner)
        {
            protected override void Dispose(bool disposing)
            {
            }
        }
    }
}
