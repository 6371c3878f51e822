using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Hostile;

/// <summary>What every hostile-server test shares: credentials and a code to look for, logs, and a bounded call.</summary>
public abstract class HostileTestBase
{
    protected const string Username = "hostile-user";
    protected const string Password = "Hostile-P4ss!word-7731";
    protected const string Code = "918273";
    protected static readonly string BasicForm = Convert.ToBase64String(Encoding.UTF8.GetBytes(Username + ":" + Password));

    /// <summary>For answers that arrive; short, so that a hang shows as a failure quickly.</summary>
    protected static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(3);

    /// <summary>For cases meant to run into the timeout.</summary>
    protected static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    private readonly List<IAsyncDisposable> _servers = new();

    protected CapturingLoggerProvider Logs { get; private set; } = null!;

    protected ILoggerFactory LoggerFactory { get; private set; } = null!;

    [SetUp]
    public void SetUpLogs()
    {
        Logs = new CapturingLoggerProvider();
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
    }

    [TearDown]
    public async Task TearDownServers()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
        LoggerFactory.Dispose();
    }

    protected HostileServer Serve(Func<SeenRequest, HostileConnection, Task> script, int maxRequests = 8)
    {
        var server = new HostileServer(script, maxRequests);
        _servers.Add(server);
        return server;
    }

    protected static MfaOptions OptionsFor(HostileServer server, TimeSpan? timeout = null, MfaRetryOptions? retry = null) => new()
    {
        BaseUrl = server.BaseUrl,
        AccountId = MockMfa.AccountId,
        Username = Username,
        Password = Password,
        Timeout = timeout ?? AnswerTimeout,
        Retry = retry,
        Messaging = new MfaChannelOptions { From = Requests.From, ApplicationId = Requests.ApplicationId },
        Voice = new MfaChannelOptions { From = Requests.From, ApplicationId = Requests.ApplicationId },
    };

    /// <summary>The real pipeline without DI: SocketsHttpHandler as <see cref="MfaService.Create"/> builds it.</summary>
    protected MfaService Create(HostileServer server, TimeSpan? timeout = null, MfaRetryOptions? retry = null, TimeProvider? time = null)
        => MfaService.Create(OptionsFor(server, timeout, retry), null, LoggerFactory, time);

    protected static Task<bool> Verify(IMfaService service) => service.VerifyCodeAsync(Requests.To, Code);

    /// <summary>
    /// Runs a call that must fail with <typeparamref name="T"/>, checks it ended within its timeout (a generous bound that
    /// only catches hangs) and that no secret (the usual ones and <paramref name="secrets"/>) reached the exception or
    /// any log line.
    /// </summary>
    protected async Task<T> Fails<T>(Func<Task> call, TimeSpan timeout, params string[] secrets) where T : Exception
    {
        var clock = Stopwatch.StartNew();
        Exception? caught = null;
        try
        {
            await call().WaitAsync(timeout + TimeSpan.FromSeconds(10));
        }
        catch (Exception exception)
        {
            caught = exception;
        }

        clock.Stop();
        Assert.That(caught, Is.InstanceOf<T>(), () => "got " + caught);
        Assert.That(clock.Elapsed, Is.LessThan(timeout + TimeSpan.FromSeconds(5)), "the call must end within its timeout");
        AssertNoSecrets(caught, secrets);
        return (T)caught!;
    }

    /// <summary>
    /// No password, Basic form, code, full phone number or any of <paramref name="secrets"/> in the exception (Message,
    /// ToString, ErrorText, RequestId) or any log line (message, values and scopes). MfaApiException.Response keeps
    /// phone numbers by design; a test checks it for secrets itself.
    /// </summary>
    protected void AssertNoSecrets(Exception? exception, params string[] secrets)
    {
        var texts = new List<string>();
        if (exception != null)
        {
            texts.Add(exception.Message);
            texts.Add(exception.ToString());
            if (exception is MfaException mfa)
            {
                texts.Add(mfa.ErrorText ?? "");
                texts.Add(mfa.RequestId ?? "");
            }
        }

        foreach (var line in Logs.Lines)
        {
            texts.Add(line.Message);
            texts.Add(line.Scopes);
            texts.AddRange(line.State.Select(v => v.Value?.ToString() ?? ""));
        }

        foreach (var secret in new[] { Password, BasicForm, Code, Requests.To.Substring(2), Requests.From.Substring(2) }.Concat(secrets))
        {
            Assert.That(texts.Where(t => t.Contains(secret, StringComparison.Ordinal)), Is.Empty, "a secret or a full phone number leaked");
        }
    }

    /// <summary>The client's own log lines of a call (Completed, NeedsAttention, Failed, Cancelled); retries are not counted.</summary>
    protected CapturingLoggerProvider.LogLine CallLine()
    {
        var lines = Logs.For(LogEventIds.Category).Where(l => l.EventId.Id != LogEventIds.CallRetried.Id).ToArray();
        Assert.That(lines, Has.Length.EqualTo(1), () => "one line per call; got: " + string.Join(" | ", lines.Select(l => l.ToString())));
        return lines[0];
    }

    protected int RetryLines() => Logs.For(LogEventIds.Category).Count(l => l.EventId.Id == LogEventIds.CallRetried.Id);

    /// <summary>A fake clock that signals when a timer with a due time is armed (the retry handler's wait), so a test can move time then.</summary>
    protected sealed class SignallingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
    {
        private readonly TaskCompletionSource _armed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Armed => _armed.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
            {
                _armed.TrySetResult();
            }

            return timer;
        }
    }
}
