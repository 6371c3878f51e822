using System;
using Bandwidth.Mfa.Validation;

namespace Bandwidth.Mfa.Demo
{
    /// <summary>
    /// The demo's command line. A handful of options do not need a parsing library: this small parser keeps the sample's
    /// dependencies to the client itself, and gives exactly the contract the README promises (one-line errors, exit code 2).
    /// </summary>
    internal sealed class DemoArguments
    {
        /// <summary>The spec's longest scope (<c>maxLength</c> of <c>scope</c>), checked here so that a long one is a usage error.</summary>
        internal const int MaxScopeLength = 25;

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
                        throw new DemoArgumentException(arg.StartsWith('-')
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
                        if (!MfaPhoneNumbers.IsE164(value))
                        {
                            throw new DemoArgumentException("'--to' must be an E.164 number such as +19195551234");
                        }

                        result.To = value;
                        break;
                    case "--sandbox-url":
                        result.SandboxUrl = ServerRoot(value);
                        break;
                    default:
                        if (value.Trim().Length == 0 || value.Length > MaxScopeLength)
                        {
                            throw new DemoArgumentException("'--scope' must be 1 to " + MaxScopeLength + " characters long");
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
