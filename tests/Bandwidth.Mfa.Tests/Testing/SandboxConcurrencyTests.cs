using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using NUnit.Framework;
using static Bandwidth.Mfa.Tests.Testing.SandboxFixture;

namespace Bandwidth.Mfa.Tests.Testing;

/// <summary>The sandbox under parallel load: every flow sees its own code and nothing is lost or mixed up.</summary>
public class SandboxConcurrencyTests
{
    private const int Flows = 1000;

    private static string Number(int i) => "+1919555" + i.ToString("D4");

    [Test]
    public async Task A_thousand_parallel_sends_and_verifies_for_distinct_numbers_are_consistent()
    {
        var sandbox = NewSandbox(NewClock(), o => o.MaxFailedVerifications = 1);
        using var mfa = NewService(sandbox);

        var results = await Task.WhenAll(Enumerable.Range(0, Flows).Select(i => Task.Run(async () =>
        {
            var to = Number(i);
            var sent = i % 2 == 0 ? (await mfa.SendSmsCodeAsync(to)).MessageId : (await mfa.SendVoiceCodeAsync(to)).CallId;
            var code = sandbox.LastCodeTo(to);
            var right = await mfa.VerifyCodeAsync(to, code);
            var wrong = await mfa.VerifyCodeAsync(to, MfaSandboxTests.Wrong(code));
            return (To: to, Id: sent, Code: code, Right: right, Wrong: wrong);
        })));

        Assert.That(results.Select(r => r.Right), Is.All.True, "every right code verified");
        Assert.That(results.Select(r => r.Wrong), Is.All.False, "every wrong code failed");
        var messages = sandbox.Messages;
        Assert.That(messages, Has.Count.EqualTo(Flows));
        Assert.That(messages.Select(m => m.To).Distinct().Count(), Is.EqualTo(Flows), "one message per number");
        Assert.That(messages.Select(m => m.Id).Distinct().Count(), Is.EqualTo(Flows), "ids are unique");
        Assert.That(results.Select(r => (r.To, r.Id, r.Code)), Is.EquivalentTo(messages.Select(m => (m.To, m.Id, m.Code))),
            "each flow read back exactly the message it caused");
        Assert.That(messages.Count(m => m.Channel == MfaSandboxChannel.Voice), Is.EqualTo(Flows / 2));
        Assert.That(sandbox.Requests, Has.Count.EqualTo(3 * Flows));
        Assert.That(sandbox.Requests.Select(r => r.StatusCode), Is.All.EqualTo(200));
    }

    [Test]
    public async Task Parallel_wrong_codes_for_one_number_block_it_after_exactly_the_limit()
    {
        var sandbox = NewSandbox(NewClock(), o => o.MaxFailedVerifications = 5);
        using var mfa = NewService(sandbox);
        await mfa.SendSmsCodeAsync(To);
        var wrong = MfaSandboxTests.Wrong(sandbox.LastCodeTo(To));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await mfa.VerifyCodeAsync(To, wrong) ? "valid" : "invalid";
            }
            catch (MfaApiException ex) when (ex.Status == 429)
            {
                return "429";
            }
        })));

        Assert.That(outcomes.Count(o => o == "invalid"), Is.EqualTo(5));
        Assert.That(outcomes.Count(o => o == "429"), Is.EqualTo(45));
    }
}
