using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.SendLimits;

/// <summary>
/// The in-memory store (issue 20, item 7): a decision costs the same however many sends the window holds (pinned here by
/// its allocations; its time is measured with BenchmarkDotNet in benchmarks/), its memory follows the sends still in a
/// window, and concurrent decisions stay exact.
/// </summary>
public class InMemoryStoreTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-11-25T12:00:00Z");

    private static MfaSendLimitRequest Budget(string to, DateTimeOffset at, int max = 1000000) =>
        new(null, MfaSendLimitRequest.NewSendId(), to, MockMfa.AccountId, at, TimeSpan.Zero, 0, TimeSpan.Zero, max, TimeSpan.FromHours(1));

    private static string Number(int i) => "+1919" + (5550000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture);

#if NETCOREAPP // .NET Framework and Mono have no per-thread allocation counter
    [Test]
    public void A_decision_with_20000_sends_in_the_window_allocates_almost_nothing()
    {
        // On main each such decision copied the window into a new list: about 1 MiB per send.
        var store = new MfaInMemorySendLimitStore();
        for (var i = 0; i < 20000; i++)
        {
            Assert.That(store.TryAcquireAsync(Budget(Number(i), Start + TimeSpan.FromMilliseconds(i)), default).Result.IsAllowed, Is.True);
        }

        var requests = Enumerable.Range(0, 100).Select(i => Budget(Number(i), Start + TimeSpan.FromSeconds(30))).ToArray();
        var allowed = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var request in requests)
        {
            allowed += store.TryAcquireAsync(request, default).Result.IsAllowed ? 1 : 0;
        }

        var perDecision = (GC.GetAllocatedBytesForCurrentThread() - before) / requests.Length;
        Assert.That(allowed, Is.EqualTo(requests.Length));
        TestContext.Out.WriteLine($"{perDecision} bytes allocated per decision with 20,000 sends in the window");
        Assert.That(perDecision, Is.LessThan(1024));
    }
#endif

    [Test]
    public async Task Numbers_whose_sends_left_every_window_are_dropped()
    {
        var store = new MfaInMemorySendLimitStore();
        MfaSendLimitRequest Cooldown(string to, DateTimeOffset at) =>
            new(null, MfaSendLimitRequest.NewSendId(), to, MockMfa.AccountId, at, TimeSpan.FromMinutes(1), 0, TimeSpan.Zero, 0, TimeSpan.Zero);
        for (var i = 0; i < 10000; i++)
        {
            await store.TryAcquireAsync(Cooldown(Number(i), Start), default);
        }

        Assert.That(store.KeyCount, Is.EqualTo(10000));
        var later = Start + TimeSpan.FromMinutes(2);
        for (var i = 0; i < 10000; i++)
        {
            await store.TryAcquireAsync(Cooldown("+447700900123", later + TimeSpan.FromMinutes(i)), default);
        }

        Assert.That(store.KeyCount, Is.LessThan(10), "every number whose sends left its minute was swept");
    }

    [Test]
    public async Task Sixty_four_concurrent_callers_to_64_numbers_take_exactly_the_budget()
    {
        var store = new MfaInMemorySendLimitStore();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var decisions = Enumerable.Range(0, 64).Select(i => Task.Run(async () =>
        {
            await go.Task;
            return await store.TryAcquireAsync(Budget(Number(i), Start, max: 7), default);
        })).ToArray();
        go.SetResult();
        var results = await Task.WhenAll(decisions);
        Assert.That(results.Count(d => d.IsAllowed), Is.EqualTo(7));
        Assert.That(results.Where(d => !d.IsAllowed).Select(d => d.Rule).Distinct(), Is.EqualTo(new MfaSendLimitRule?[] { MfaSendLimitRule.MaxSendsPerAccount }));
    }

    [Test]
    public async Task Sends_out_of_time_order_are_counted_and_leave_the_window_in_time_order()
    {
        var store = new MfaInMemorySendLimitStore();
        MfaSendLimitRequest PerNumber(DateTimeOffset at) =>
            new("c", MfaSendLimitRequest.NewSendId(), Requests.To, MockMfa.AccountId, at, TimeSpan.Zero, 3, TimeSpan.FromMinutes(10), 0, TimeSpan.Zero);
        // Three instances' clocks a few milliseconds apart: the sends arrive out of order.
        foreach (var ms in new[] { 20, 5, 10 })
        {
            Assert.That((await store.TryAcquireAsync(PerNumber(Start + TimeSpan.FromMilliseconds(ms)), default)).IsAllowed, Is.True);
        }

        var refused = await store.TryAcquireAsync(PerNumber(Start + TimeSpan.FromMilliseconds(30)), default);
        Assert.That(refused.RetryAt, Is.EqualTo(Start + TimeSpan.FromMilliseconds(5) + TimeSpan.FromMinutes(10)), "the oldest send leaves first");
        Assert.That((await store.TryAcquireAsync(PerNumber(Start + TimeSpan.FromMilliseconds(5) + TimeSpan.FromMinutes(10)), default)).IsAllowed, Is.True);
    }

    [Test]
    public async Task Concurrent_decisions_and_releases_on_many_keys_stay_exact()
    {
        // 8 callers x 500 decisions over 50 numbers and 4 accounts, each released again: nothing is left counted.
        var store = new MfaInMemorySendLimitStore();
        var allowed = new ConcurrentBag<MfaSendLimitRequest>();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; i < 500; i++)
            {
                var request = new MfaSendLimitRequest(null, MfaSendLimitRequest.NewSendId(), Number(i % 50), "acct-" + (i % 4), Start,
                    TimeSpan.Zero, 100000, TimeSpan.FromHours(1), 100000, TimeSpan.FromHours(1));
                if ((await store.TryAcquireAsync(request, default)).IsAllowed)
                {
                    await store.ReleaseAsync(request, default);
                }
            }
        })));

        var check = await store.TryAcquireAsync(new MfaSendLimitRequest(null, "check", Number(0), "acct-0", Start, TimeSpan.Zero, 1, TimeSpan.FromHours(1), 1, TimeSpan.FromHours(1)), default);
        Assert.That(check.IsAllowed, Is.True, "every send was taken back: the number and the account are empty");
    }
}
