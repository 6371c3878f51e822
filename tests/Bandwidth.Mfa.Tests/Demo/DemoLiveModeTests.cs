using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing;
using NUnit.Framework;

namespace Bandwidth.Mfa.Tests.Demo;

/// <summary>
/// The demo's live mode, pointed at a sandbox served on a loopback port instead of Bandwidth: settings from environment
/// variables or user secrets, a prompt for the code, and no code, credential or full number echoed.
/// </summary>
[Parallelizable(ParallelScope.None)]
public class DemoLiveModeTests
{
    private const string Phone = "+14155550100";
    private const string Password = "live-secret-password";

    private MfaSandbox _sandbox = null!;
    private LoopbackSandbox _server = null!;

    [SetUp]
    public void SetUp()
    {
        _sandbox = new MfaSandbox(new MfaSandboxOptions { Username = "live-user", Password = Password, ApplicationName = "Live Test" });
        _server = new LoopbackSandbox(_sandbox);
    }

    [TearDown]
    public async Task TearDown() => await _server.DisposeAsync();

    private Dictionary<string, string> Settings() => new()
    {
        ["BANDWIDTH_MFA__BASEURL"] = _server.BaseUrl.ToString(),
        ["BANDWIDTH_MFA__ACCOUNTID"] = "5550001",
        ["BANDWIDTH_MFA__USERNAME"] = "live-user",
        ["BANDWIDTH_MFA__PASSWORD"] = Password,
        ["BANDWIDTH_MFA__MESSAGING__FROM"] = MfaSandbox.ExampleFrom,
        ["BANDWIDTH_MFA__MESSAGING__APPLICATIONID"] = MfaSandbox.ExampleMessagingApplicationId,
    };

    /// <summary>
    /// Waits for the signal that the loopback sandbox answered the send (or for the demo to exit), then types
    /// <paramref name="type"/> of the code on the demo's input. DemoProcess bounds the whole run.
    /// </summary>
    private Func<Process, Task> TypeCode(Func<string, string> type) => async process =>
    {
        await Task.WhenAny(_server.FirstAnswer, process.WaitForExitAsync());

        if (_sandbox.Messages.Count > 0)
        {
            await process.StandardInput.WriteLineAsync(type(_sandbox.LastCodeTo(Phone)));
            await process.StandardInput.FlushAsync();
        }
    };

    [Test]
    public async Task With_settings_in_environment_variables_it_sends_for_real_and_verifies_the_typed_code()
    {
        var result = await DemoProcess.RunAsync(Settings(), null, TypeCode(code => code), "--to", Phone);

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Contain("live").And.Contain("Basic authentication").And.Contain("real, billed text message"));
        Assert.That(result.OutputLines, Has.Some.EqualTo("  result: valid"));
        Assert.That(result.Output, Does.Contain("+1********00").And.Contain("Type the code you received"));
        var code = _sandbox.LastCodeTo(Phone);
        Assert.That(result.Output + result.Error, Does.Not.Contain(code).And.Not.Contain(Password).And.Not.Contain(Phone),
            "no code, credential or full number is printed");
        Assert.That(_sandbox.Requests.Select(r => (r.Operation, r.AccountId, r.StatusCode)), Is.EqualTo(new[]
        {
            (MfaSandboxOperation.GenerateMessagingCode, (string?)"5550001", (int?)200),
            (MfaSandboxOperation.VerifyCode, (string?)"5550001", (int?)200),
        }));
    }

    [Test]
    public async Task A_wrong_typed_code_is_invalid_and_exits_1()
    {
        var result = await DemoProcess.RunAsync(Settings(), null, TypeCode(Testing.MfaSandboxTests.Wrong), "--to", Phone);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.OutputLines, Has.Some.EqualTo("  result: invalid"));
    }

    [Test]
    public async Task No_typed_code_verifies_nothing_and_exits_1()
    {
        var result = await DemoProcess.RunAsync(Settings(), null, null, "--to", Phone);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.ErrorLines.Single(), Is.EqualTo("error: no code was typed; nothing was verified"));
        Assert.That(_sandbox.Requests.Select(r => r.Operation), Is.EqualTo(new[] { MfaSandboxOperation.GenerateMessagingCode }));
    }

    [Test]
    public async Task Settings_can_come_from_user_secrets()
    {
        var secrets = "{\n" + string.Join(",\n", Settings().Select(p =>
            "  \"Bandwidth:Mfa:" + p.Key.Substring("BANDWIDTH_MFA__".Length).Replace("__", ":") + "\": \"" + p.Value + "\"")) + "\n}";

        var result = await DemoProcess.RunAsync(null, home =>
        {
            var folder = Directory.CreateDirectory(Path.Combine(home, ".microsoft", "usersecrets", "bandwidth-mfa-dotnet-demo"));
            File.WriteAllText(Path.Combine(folder.FullName, "secrets.json"), secrets);
        }, TypeCode(code => code), "--to", Phone, "--scope", "login");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.OutputLines, Has.Some.EqualTo("  result: valid"));
        Assert.That(_sandbox.LastMessageTo(Phone)!.Scope, Is.EqualTo("login"));
    }

    [Test]
    public async Task With_settings_but_no_number_it_refuses_to_guess_one()
    {
        var result = await DemoProcess.RunAsync(Settings(), null, null);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.ErrorLines.Single(), Does.Contain("'--to' is required"));
        Assert.That(_sandbox.Requests, Is.Empty);
    }

    [Test]
    public async Task Incomplete_settings_name_the_missing_setting_without_showing_secrets()
    {
        var settings = Settings();
        settings.Remove("BANDWIDTH_MFA__USERNAME");

        var result = await DemoProcess.RunAsync(settings, null, null, "--to", Phone);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Error, Does.Contain("'Username' is required when 'Password' is set").And.Not.Contain(Password));
        Assert.That(_sandbox.Requests, Is.Empty);
    }

    [Test]
    public async Task Wrong_credentials_fail_with_the_service_error_and_exit_1()
    {
        var settings = Settings();
        settings["BANDWIDTH_MFA__PASSWORD"] = "not-the-password";

        var result = await DemoProcess.RunAsync(settings, null, null, "--to", Phone);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.ErrorLines.Single(), Does.Contain("401").And.Not.Contain("not-the-password"));
    }

    [Test]
    public async Task The_sandbox_flag_wins_over_settings()
    {
        var result = await DemoProcess.RunAsync(Settings(), null, null, "--sandbox");

        Assert.That(result.ExitCode, Is.EqualTo(0), result.Error);
        Assert.That(result.Output, Does.Contain("embedded sandbox"));
        Assert.That(_sandbox.Requests, Is.Empty, "the configured service was not called");
    }
}
