using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;

namespace Bandwidth.Mfa.AspNetCore.Identity.Tests;

/// <summary>
/// Two requests checking the same code at once (a double-clicked button, a replayed form post), each with its own
/// DbContext and UserManager as ASP.NET Core gives them: both read the pending send before either is answered, then
/// Bandwidth accepts the code for both. Only one may sign in.
/// </summary>
public class ConcurrentCheckTests
{
    [Test]
    public async Task Two_checks_of_one_code_at_the_same_time_succeed_once()
    {
        var gate = new VerifyGate();
        await using var host = new IdentityHost(services: s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(gate.CreateHandler)));
        var user = await host.UserAsync("ana");
        await host.Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = host.Sandbox.Messages.Single().Code;
        await using var firstRequest = host.NewRequestScope();
        await using var secondRequest = host.NewRequestScope();

        // Each check is held at the verify call, so both have read the pending send before either goes on; they are
        // then let through one after the other (the in-memory SQLite connection is shared, and not thread-safe).
        var first = CheckAsync(firstRequest, user.Id, code);
        var firstHeld = await gate.NextAsync();
        var second = CheckAsync(secondRequest, user.Id, code);
        var secondHeld = await gate.NextAsync();
        bool firstResult, secondResult;
        try
        {
            firstHeld.SetResult();
            firstResult = await first;
        }
        finally
        {
            // Whatever the first check did, the second is never left waiting on the gate.
            secondHeld.TrySetResult();
        }

        secondResult = await second;

        Assert.That(VerifyCalls(host), Is.EqualTo(2), "Bandwidth was asked twice and accepted the code twice");
        Assert.That(new[] { firstResult, secondResult }, Is.EqualTo(new[] { true, false }));
        await using var laterRequest = host.NewRequestScope();
        Assert.That(await CheckAsync(laterRequest, user.Id, code), Is.False, "the code stays used");
        Assert.That(VerifyCalls(host), Is.EqualTo(2), "and is refused without asking Bandwidth");
    }

    [Test]
    public async Task A_store_refusing_to_use_up_the_code_for_another_reason_throws_rather_than_calling_the_code_wrong()
    {
        var validator = new SwitchableUserValidator();
        await using var host = new IdentityHost(services: s => s.AddScoped<IUserValidator<IdentityUser>>(_ => validator));
        var user = await host.UserAsync("ana");
        await host.Users.GenerateTwoFactorTokenAsync(user, MfaTokenProviders.Sms);
        var code = host.Sandbox.Messages.Single().Code;
        validator.Refuse = true;

        Assert.That(
            async () => await host.Users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code),
            Throws.InvalidOperationException.With.Message.Contains("UserManager.UpdateAsync failed"));
        Assert.That(VerifyCalls(host), Is.EqualTo(1));
    }

    private static int VerifyCalls(IdentityHost host) => host.Sandbox.Requests.Count(r => r.Operation == MfaSandboxOperation.VerifyCode);

    private static async Task<bool> CheckAsync(AsyncServiceScope request, string userId, string code)
    {
        var users = request.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var user = await users.FindByIdAsync(userId) ?? throw new InvalidOperationException("The user is gone.");
        return await users.VerifyTwoFactorTokenAsync(user, MfaTokenProviders.Sms, code);
    }

    /// <summary>A user validator that refuses every update once told to (not a concurrency failure).</summary>
    private sealed class SwitchableUserValidator : IUserValidator<IdentityUser>
    {
        public bool Refuse { get; set; }

        public Task<IdentityResult> ValidateAsync(UserManager<IdentityUser> manager, IdentityUser user) =>
            Task.FromResult(Refuse ? IdentityResult.Failed(new IdentityError { Code = "Refused", Description = "Refused." }) : IdentityResult.Success);
    }

    /// <summary>Holds every verify request until the test lets it through; reports each arrival.</summary>
    private sealed class VerifyGate
    {
        private readonly ConcurrentQueue<TaskCompletionSource> _held = new();
        private readonly SemaphoreSlim _arrivals = new(0);

        public DelegatingHandler CreateHandler() => new Handler(this);

        /// <summary>The next verify request to arrive, held until its source is completed.</summary>
        public async Task<TaskCompletionSource> NextAsync()
        {
            if (!await _arrivals.WaitAsync(TimeSpan.FromMinutes(1)))
            {
                throw new TimeoutException("No verify request arrived.");
            }

            return _held.TryDequeue(out var held) ? held : throw new InvalidOperationException("An arrival without a held request.");
        }

        private sealed class Handler(VerifyGate gate) : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.RequestUri?.AbsolutePath.EndsWith("/code/verify", StringComparison.Ordinal) == true)
                {
                    var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    gate._held.Enqueue(held);
                    gate._arrivals.Release();
                    await held.Task.WaitAsync(cancellationToken);
                }

                return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
