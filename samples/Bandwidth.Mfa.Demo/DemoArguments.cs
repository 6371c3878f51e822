using System;
using System.Text.RegularExpressions;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>
    /// The demo's command line. A handful of options do not need a parsing library: this small parser keeps the sample's
    /// dependencies to the client itself, and gives exactly the contract the README promises (one-line errors, exit code 2).
    /// </summary>
    internal sealed class DemoArguments
    {
        internal const string HelpText =
@"Bandwidth MFA demo: send a one-time code, show it, and verify it.

Usage:
  dotnet run --project samples/Bandwidth.Mfa.Demo [-- options]

Options:
  --channel <sms|voice>  How the code travels (default: sms).
  --to <number>          The E.164 number that receives the code. Sandbox default: +19195551234.
                         Required in live mode.
  --scope <scope>        What the code is for, at most 25 characters (default: the service's 2FA).
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

        private static readonly Regex E164 = new Regex(@"^\+[1-9]\d{1,14}$", RegexOptions.CultureInvariant);

        internal Channel Channel { get; private set; } = Channel.Sms;

        internal string? To { get; private set; }

        internal string? Scope { get; private set; }

        internal bool ForceSandbox { get; private set; }

        /// <summary>The root of a running sandbox server (ends with '/'), or null for the embedded sandbox or live mode.</summary>
        internal Uri? SandboxUrl { get; private set; }

        internal bool Help { get; private set; }

        internal bool Telemetry { get; private set; }

        /// <summary>Reads the arguments; throws <see cref="DemoArgumentException"/> with a one-line message on the first problem.</summary>
        internal static DemoArguments Parse(string[] args)
        {
            var result = new DemoArguments();
            var seen = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                string name = arg;
                string? inlineValue = null;
                var equals = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
                {
                    name = arg.Substring(0, equals);
                    inlineValue = arg.Substring(equals + 1);
                }

                switch (name)
                {
                    case "-h":
                    case "--help":
                    case "-?":
                        result.Help = true;
                        continue;
                    case "--sandbox":
                        if (inlineValue != null)
                        {
                            throw new DemoArgumentException("option '--sandbox' takes no value");
                        }

                        result.ForceSandbox = true;
                        continue;
                    case "--telemetry":
                        if (inlineValue != null)
                        {
                            throw new DemoArgumentException("option '--telemetry' takes no value");
                        }

                        result.Telemetry = true;
                        continue;
                    case "--channel":
                    case "--to":
                    case "--scope":
                    case "--sandbox-url":
                        break;
                    default:
                        throw new DemoArgumentException(arg.StartsWith("-", StringComparison.Ordinal)
                            ? "unknown option '" + name + "'"
                            : "unexpected argument '" + arg + "'");
                }

                if (!seen.Add(name))
                {
                    throw new DemoArgumentException("option '" + name + "' is given more than once");
                }

                string value;
                if (inlineValue != null)
                {
                    value = inlineValue;
                }
                else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    value = args[++i];
                }
                else
                {
                    throw new DemoArgumentException("option '" + name + "' needs a value");
                }

                switch (name)
                {
                    case "--channel":
                        result.Channel = value.ToLowerInvariant() switch
                        {
                            "sms" => Channel.Sms,
                            "voice" => Channel.Voice,
                            _ => throw new DemoArgumentException("'--channel' must be sms or voice (it is '" + value + "')"),
                        };
                        break;
                    case "--to":
                        if (!E164.IsMatch(value))
                        {
                            throw new DemoArgumentException("'--to' must be an E.164 number such as +19195551234");
                        }

                        result.To = value;
                        break;
                    case "--sandbox-url":
                        result.SandboxUrl = ServerRoot(value);
                        break;
                    default:
                        if (value.Trim().Length == 0 || value.Length > 25)
                        {
                            throw new DemoArgumentException("'--scope' must be 1 to 25 characters long");
                        }

                        result.Scope = value;
                        break;
                }
            }

            if (result.ForceSandbox && result.SandboxUrl != null)
            {
                throw new DemoArgumentException("'--sandbox' (the embedded sandbox) and '--sandbox-url' (a sandbox server) exclude each other: give one");
            }

            return result;
        }

        /// <summary>The server's root from a <c>--sandbox-url</c> value: an absolute http or https URL, without query or fragment.</summary>
        private static Uri ServerRoot(string value)
        {
            if (!Uri.TryCreate(value, UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                || url.Query.Length > 0
                || url.Fragment.Length > 0
                || url.UserInfo.Length > 0)
            {
                throw new DemoArgumentException("'--sandbox-url' must be an absolute http or https URL such as http://127.0.0.1:5380, without user, query or fragment (it is '" + value + "')");
            }

            return new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        }
    }
}
