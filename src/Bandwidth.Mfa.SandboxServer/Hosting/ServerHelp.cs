using System;
using System.Globalization;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>The text of <c>--help</c>; every default in it is read from where it is set.</summary>
    internal static class ServerHelp
    {
        private static readonly MfaSandboxOptions Defaults = new MfaSandboxOptions();

        internal static readonly string Text =
$@"Bandwidth MFA sandbox server: the MFA API, its OAuth2 token endpoint and a live outbox page on one local port.

Usage:
  mfa-sandbox [options]                                         (installed as a .NET tool)
  dotnet run --project src/Bandwidth.Mfa.SandboxServer -- [options]  (from a clone)

Options:
  --port <n>                     The port (default {ServerSettings.DefaultPort}; 0 picks a free one, printed on start).
  --host <address>               The address to listen on (default 127.0.0.1). Only loopback addresses
                                 (127.0.0.1, ::1, localhost) unless --allow-remote is given.
  --allow-remote                 Allow a non-loopback --host. Anyone who can reach it can read every code.
  --account-id <id>              Accept only this account (repeat for more; default: any account).
  --username <user>              Accept only this Basic user name (with --password).
  --password <password>          Accept only this Basic password (with --username).
  --access-token <token>         Accept this bearer token.
  --client-id <id>               Accept only these OAuth2 client credentials at the token endpoint
  --client-secret <secret>         (with each other).
  --application-name <name>      What {{NAME}} becomes in messages (default: {MfaSandboxOptions.DefaultApplicationName}).
  --max-failed-verifications <n> Wrong codes a number may try before it is locked out (default {Defaults.MaxFailedVerifications}).
  --cool-down <seconds>          How long a lockout lasts, in seconds (default {Seconds(Defaults.VerificationCoolDown)}).
  --token-lifetime <seconds>     The expires_in of issued tokens, in seconds (default {Seconds(Defaults.TokenLifetime)}).
  --single-use-codes             A code that verified once is used up.
  --history <n>                  How many messages, verifications and requests to keep (default {ServerSettings.DefaultHistoryLimit}).
  --exit-when-stdin-closes       Stop when standard input reaches its end (for a parent process that
                                 starts the server: when the parent dies, so does the server).
  -h, --help                     Show this help.

With no credential options any well-formed Basic or Bearer header is accepted, and any client id and
secret get a token. Point a client at it with BaseUrl http://127.0.0.1:{ServerSettings.DefaultPort}/api/v1/ and TokenUrl
http://127.0.0.1:{ServerSettings.DefaultPort}/api/v1/oauth2/token. The outbox page is http://127.0.0.1:{ServerSettings.DefaultPort}/; the JSON API for
tests is under /sandbox/api/ (see the README of Bandwidth.Mfa.SandboxServer).

Exit codes: 0 stopped, 1 could not start (the port is taken, say), 2 bad arguments.
";

        private static string Seconds(TimeSpan value) => ((long)value.TotalSeconds).ToString(CultureInfo.InvariantCulture);
    }
}
