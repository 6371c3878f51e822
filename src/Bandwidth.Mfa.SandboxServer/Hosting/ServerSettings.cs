using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using Bandwidth.Mfa.Testing;

namespace Bandwidth.Mfa.SandboxServer
{
    /// <summary>
    /// The server's command line. A dozen flags with exact one-line errors (exit code 2) do not need a parsing library;
    /// this keeps the tool's dependencies to ASP.NET Core and the sandbox.
    /// </summary>
    internal sealed class ServerSettings
    {
        /// <summary>The port when none is given: fixed, so that a team's configuration files can name it.</summary>
        internal const int DefaultPort = 5380;

        /// <summary>How many messages, verifications and requests the server keeps when not told otherwise.</summary>
        internal const int DefaultHistoryLimit = 1000;

        internal IPAddress Address { get; private set; } = IPAddress.Loopback;

        /// <summary>The host as given (kept for <c>localhost</c>, which binds both loopback addresses).</summary>
        internal string Host { get; private set; } = "127.0.0.1";

        internal int Port { get; private set; } = DefaultPort;

        internal bool AllowRemote { get; private set; }

        internal bool ExitWhenStdinCloses { get; private set; }

        internal bool Help { get; private set; }

        internal MfaSandboxOptions Sandbox { get; } = new MfaSandboxOptions { HistoryLimit = DefaultHistoryLimit };

        /// <summary>Whether the server listens on loopback only.</summary>
        internal bool IsLoopbackOnly => Host == "localhost" || IPAddress.IsLoopback(Address);

        internal static ServerSettings Parse(IReadOnlyList<string> args)
        {
            var settings = new ServerSettings();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Count; i++)
            {
                var arg = args[i];
                var name = arg;
                string? inline = null;
                var equals = arg.IndexOf('=');
                if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 2)
                {
                    name = arg.Substring(0, equals);
                    inline = arg.Substring(equals + 1);
                }

                if (name != "--account-id" && !seen.Add(name))
                {
                    throw new SettingsException(name + " is given twice.");
                }

                string Value()
                {
                    if (inline != null)
                    {
                        return inline;
                    }

                    if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        throw new SettingsException(name + " needs a value.");
                    }

                    return args[++i];
                }

                void NoValue()
                {
                    if (inline != null)
                    {
                        throw new SettingsException(name + " takes no value.");
                    }
                }

                switch (name)
                {
                    case "-h":
                    case "--help":
                        NoValue();
                        settings.Help = true;
                        break;
                    case "--port":
                        settings.Port = Integer(name, Value(), 0, 65535);
                        break;
                    case "--host":
                        settings.SetHost(Value());
                        break;
                    case "--allow-remote":
                        NoValue();
                        settings.AllowRemote = true;
                        break;
                    case "--account-id":
                        settings.Sandbox.AccountIds.Add(NonEmpty(name, Value()));
                        break;
                    case "--username":
                        settings.Sandbox.Username = NonEmpty(name, Value());
                        break;
                    case "--password":
                        settings.Sandbox.Password = NonEmpty(name, Value());
                        break;
                    case "--access-token":
                        settings.Sandbox.AccessToken = NonEmpty(name, Value());
                        break;
                    case "--client-id":
                        settings.Sandbox.ClientId = NonEmpty(name, Value());
                        break;
                    case "--client-secret":
                        settings.Sandbox.ClientSecret = NonEmpty(name, Value());
                        break;
                    case "--application-name":
                        settings.Sandbox.ApplicationName = NonEmpty(name, Value());
                        break;
                    case "--max-failed-verifications":
                        settings.Sandbox.MaxFailedVerifications = Integer(name, Value(), 1, 1000);
                        break;
                    case "--cool-down":
                        settings.Sandbox.VerificationCoolDown = TimeSpan.FromSeconds(Integer(name, Value(), 0, 86400));
                        break;
                    case "--token-lifetime":
                        settings.Sandbox.TokenLifetime = TimeSpan.FromSeconds(Integer(name, Value(), 1, 86400));
                        break;
                    case "--single-use-codes":
                        NoValue();
                        settings.Sandbox.SingleUseCodes = true;
                        break;
                    case "--history":
                        settings.Sandbox.HistoryLimit = Integer(name, Value(), 1, 100_000);
                        break;
                    case "--exit-when-stdin-closes":
                        NoValue();
                        settings.ExitWhenStdinCloses = true;
                        break;
                    default:
                        throw new SettingsException("Unknown option '" + name + "'; --help lists the options.");
                }
            }

            settings.Check();
            return settings;
        }

        private void SetHost(string value)
        {
            if (string.Equals(value, "localhost", StringComparison.OrdinalIgnoreCase))
            {
                Host = "localhost";
                Address = IPAddress.Loopback;
                return;
            }

            var bare = value.StartsWith("[", StringComparison.Ordinal) && value.EndsWith("]", StringComparison.Ordinal) ? value.Substring(1, value.Length - 2) : value;
            if (!IPAddress.TryParse(bare, out var address))
            {
                throw new SettingsException("--host must be an IP address or localhost, not '" + value + "'.");
            }

            Address = address;
            Host = address.ToString();
        }

        private void Check()
        {
            if (!IsLoopbackOnly && !AllowRemote)
            {
                throw new SettingsException("--host " + Host + " is not a loopback address: anyone who can reach it could read every code. "
                    + "Give --allow-remote as well to listen there anyway.");
            }

            if (Host == "localhost" && Port == 0)
            {
                throw new SettingsException("--port 0 needs --host 127.0.0.1 or ::1: with localhost one free port cannot be picked for both loopback addresses.");
            }

            if ((Sandbox.Username == null) != (Sandbox.Password == null))
            {
                throw new SettingsException("--username and --password go together: give both or neither.");
            }

            if ((Sandbox.ClientId == null) != (Sandbox.ClientSecret == null))
            {
                throw new SettingsException("--client-id and --client-secret go together: give both or neither.");
            }

            if (Sandbox.Username != null && Sandbox.Username.IndexOf(':') >= 0)
            {
                throw new SettingsException("--username must not contain ':' (HTTP Basic separates the user name from the password with it).");
            }
        }

        private static int Integer(string name, string value, int min, int max)
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            {
                throw new SettingsException(name + " must be a whole number from " + min.ToString(CultureInfo.InvariantCulture) + " to "
                    + max.ToString(CultureInfo.InvariantCulture) + ", not '" + value + "'.");
            }

            return number;
        }

        private static string NonEmpty(string name, string value)
        {
            if (value.Trim().Length == 0)
            {
                throw new SettingsException(name + " must not be empty.");
            }

            return value;
        }

        /// <summary>What the server accepts, in words, without any secret.</summary>
        internal string DescribeCredentials()
        {
            var parts = new List<string>();
            if (Sandbox.Username != null)
            {
                parts.Add("Basic user '" + Sandbox.Username + "'");
            }

            if (Sandbox.AccessToken != null)
            {
                parts.Add("one bearer token");
            }

            if (Sandbox.ClientId != null)
            {
                parts.Add("OAuth2 client '" + Sandbox.ClientId + "'");
            }

            var who = parts.Count == 0 ? "any well-formed credentials" : string.Join(", ", parts);
            var accounts = Sandbox.AccountIds.Count == 0 ? "any account" : "account(s) " + string.Join(", ", Sandbox.AccountIds);
            return who + ", " + accounts;
        }
    }
}
