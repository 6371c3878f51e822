namespace Bandwidth.Mfa.Demo
{
    /// <summary>The text of <c>--help</c>.</summary>
    internal static class DemoHelp
    {
        internal static readonly string Text =
$@"Bandwidth MFA demo: send a one-time code, show it, and verify it.

Usage:
  dotnet run --project samples/Bandwidth.Mfa.Demo [-- options]

Options:
  --channel <sms|voice>  How the code travels (default: sms).
  --to <number>          The E.164 number that receives the code. Sandbox default: +19195551234.
                         Required in live mode.
  --scope <scope>        What the code is for, at most {DemoArguments.MaxScopeLength} characters (default: the service's 2FA).
  --sandbox              Use the embedded sandbox even when credentials are configured.
  --sandbox-url <url>    Run against a running sandbox server instead (for example http://127.0.0.1:5380,
                         started with: dotnet run --project src/Bandwidth.Mfa.SandboxServer). The code
                         is read from its JSON API and shows in its outbox page. It wins over live
                         settings: with --sandbox-url nothing goes to Bandwidth.
  --telemetry            Print the run's spans and measurements (OpenTelemetry console exporter).
  -h, --help             Show this help.

Modes:
  With no settings the demo runs on the embedded sandbox (Bandwidth.Mfa.Testing): nothing leaves the
  process, nobody is texted, and the message the phone would receive is printed.
  With --sandbox-url it does the same against a sandbox server that other processes may share.
  With settings it talks to the real service and asks for the code you received. Settings come from
  environment variables (BANDWIDTH_MFA__ACCOUNTID, BANDWIDTH_MFA__USERNAME, BANDWIDTH_MFA__PASSWORD,
  BANDWIDTH_MFA__MESSAGING__FROM, BANDWIDTH_MFA__MESSAGING__APPLICATIONID, ...) or user secrets
  (Bandwidth:Mfa:AccountId, ...); see README.md, ""Going live"".

Exit codes: 0 done, 1 the call failed or the settings are invalid, 2 bad arguments.
";
    }
}
