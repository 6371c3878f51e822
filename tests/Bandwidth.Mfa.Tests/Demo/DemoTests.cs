using System;
using System.Linq;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Demo;

/// <summary>The README's main command, run as a newcomer would: the built demo in its own process.</summary>
[Parallelizable(ParallelScope.None)]
public class DemoTests
{
    [Test]
    public async Task With_no_settings_the_demo_runs_the_whole_flow_on_the_sandbox()
    {
        var result = await DemoProcess.RunAsync();

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        var lines = result.OutputLines;
        Assert.That(result.Output, Does.Contain("embedded sandbox"));
        Assert.That(lines, Has.Some.Match(@"^> Sending an SMS code to \+1\*{8}34 \(scope 2FA\)$"), "masked example number");
        Assert.That(lines, Has.Some.Match(@"^  accepted, messageId [0-9]{13}[a-z0-9]{16}$"));
        var shown = Array.FindIndex(lines, l => l == "> The phone would show:");
        Assert.That(shown, Is.GreaterThanOrEqualTo(0));
        Assert.That(lines[shown + 1], Does.Match(@"^  Your Bandwidth MFA Demo verification code is [0-9]{6}$"));
        var valid = Array.IndexOf(lines, "  result: valid");
        var invalid = Array.IndexOf(lines, "  result: invalid");
        Assert.That(valid, Is.GreaterThan(shown), "the right code is verified after the message is shown");
        Assert.That(invalid, Is.GreaterThan(valid), "valid, then invalid");
        Assert.That(result.Output, Does.Contain("To go live").And.Contain("BANDWIDTH_MFA__ACCOUNTID"));
        Assert.That(result.Error, Is.Empty);
    }

    [Test]
    public async Task The_voice_channel_number_and_scope_options_are_honoured()
    {
        var result = await DemoProcess.RunAsync("--channel", "voice", "--to", "+14155550100", "--scope=login");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.OutputLines, Has.Some.EqualTo("> Calling +1********00 to read out a code (scope login)"));
        Assert.That(result.OutputLines, Has.Some.Match("^  accepted, callId c-[0-9a-f]{8}-"));
        Assert.That(result.OutputLines, Has.Some.EqualTo("> The call would say:"));
        Assert.That(Array.IndexOf(result.OutputLines, "  result: valid"), Is.LessThan(Array.IndexOf(result.OutputLines, "  result: invalid")));
    }

    [Test]
    public async Task Help_lists_the_options_and_exits_0()
    {
        var result = await DemoProcess.RunAsync("--help");

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Output, Does.Contain("--channel <sms|voice>").And.Contain("--to <number>").And.Contain("--scope <scope>").And.Contain("--sandbox"));
        Assert.That(result.Output, Does.Not.Contain("result:"), "help does not run the flow");
    }

    [Test]
    public async Task Telemetry_prints_the_runs_spans_and_measurements_without_the_phone_number()
    {
        var result = await DemoProcess.RunAsync("--sandbox", "--telemetry");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Output);
        Assert.That(result.Output, Does.Contain("MFA generateMessagingCode").And.Contain("MFA verifyCode"));
        Assert.That(result.Output, Does.Contain("mfa.verify.result: valid").And.Contain("mfa.verify.result: invalid"));
        Assert.That(result.Output, Does.Contain("mfa.client.codes.sent").And.Contain("mfa.client.verifications").And.Contain("mfa.client.operation.duration"));
        Assert.That(result.Output, Does.Not.Contain("9195551234"));
    }

    [TestCase("--channel", "fax", "'--channel' must be sms or voice")]
    [TestCase("--to", "12345", "'--to' must be an E.164 number")]
    [TestCase("--bogus", null, "unknown option '--bogus'")]
    [TestCase("--to", null, "option '--to' needs a value")]
    [TestCase("stray", null, "unexpected argument 'stray'")]
    public async Task A_bad_argument_is_one_line_on_stderr_and_exit_code_2(string first, string? second, string message)
    {
        var result = await DemoProcess.RunAsync(second == null ? new[] { first } : new[] { first, second });

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines, Has.Length.EqualTo(1));
        Assert.That(result.ErrorLines[0], Does.StartWith("error: ").And.Contain(message).And.EndWith("(see --help)"));
        Assert.That(result.Output, Is.Empty, "nothing ran");
    }
}
