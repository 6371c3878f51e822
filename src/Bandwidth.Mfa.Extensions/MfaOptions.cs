using Bandwidth.Mfa.Configuration;
using Bandwidth.Mfa.Diagnostics;
using System;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// Settings of the MFA client: where it talks to, how it authenticates (exactly one of HTTP Basic, a fixed bearer
    /// token, or OAuth2 client credentials), and the defaults that the short calls of <see cref="IMfaService"/> fill in.
    /// Bound from configuration (section <c>Bandwidth:Mfa</c> by convention) or set in code. <see cref="ToString"/>
    /// never shows a secret.
    /// </summary>
    public sealed class MfaOptions
    {
        /// <summary>The conventional configuration section.</summary>
        public const string DefaultSectionName = "Bandwidth:Mfa";

        /// <summary>The production base URL of the service.</summary>
        public static readonly Uri ProductionBaseUrl = new Uri("https://mfa.bandwidth.com/api/v1/");

        /// <summary>The production OAuth2 token endpoint.</summary>
        public static readonly Uri ProductionTokenUrl = new Uri("https://api.bandwidth.com/api/v1/oauth2/token");

        /// <summary>
        /// The longest <see cref="MfaOptions.Timeout"/> accepted: 5 minutes. One MFA call is one small HTTP exchange that a
        /// user is waiting on (the service answers in well under a second), and opt-in retries wait inside the same
        /// timeout; minutes leave room for slow networks, while a value such as <c>"30"</c> (which binds to 30 days)
        /// is refused at start-up instead of hanging a login, or failing later (HttpClient refuses more than about
        /// 24.8 days). <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> is refused too: a call must end.
        /// </summary>
        public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

        /// <summary>The base URL of the service; absolute, <c>https</c> (or <c>http</c> to a loopback address only).</summary>
        public Uri BaseUrl { get; set; } = ProductionBaseUrl;

        /// <summary>The account id used when a call does not name one.</summary>
        public string? AccountId { get; set; }

        /// <summary>HTTP Basic user name (set with <see cref="Password"/>); without ':' or control characters (RFC 7617).</summary>
        public string? Username { get; set; }

        /// <summary>HTTP Basic password (set with <see cref="Username"/>); without control characters (RFC 7617).</summary>
        public string? Password { get; set; }

        /// <summary>A fixed OAuth2 bearer token, for callers that obtain tokens themselves; visible ASCII only (RFC 6750: no spaces, CR, LF or other control characters).</summary>
        public string? AccessToken { get; set; }

        /// <summary>OAuth2 client id (set with <see cref="ClientSecret"/>); tokens are fetched and cached for you.</summary>
        public string? ClientId { get; set; }

        /// <summary>OAuth2 client secret (set with <see cref="ClientId"/>).</summary>
        public string? ClientSecret { get; set; }

        /// <summary>The OAuth2 token endpoint; absolute, <c>https</c> (or <c>http</c> to a loopback address only).</summary>
        public Uri TokenUrl { get; set; } = ProductionTokenUrl;

        /// <summary>
        /// How long one call may take before it fails with <see cref="MfaTimeoutException"/>: more than zero and at most
        /// <see cref="MaxTimeout"/> (5 minutes); infinite is refused. Default 30 seconds. In
        /// configuration it is a TimeSpan, <c>"00:00:30"</c>; a bare <c>"30"</c> means 30 days and is refused at start-up.
        /// </summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Whether start-up requires the defaults of the short calls (default true): at least one of
        /// <see cref="Messaging"/> and <see cref="Voice"/> with both <c>From</c> and <c>ApplicationId</c>, and both of them in
        /// a channel that sets one. An SMS-only application configures <see cref="Messaging"/> only. Set false when every send
        /// passes them (<see cref="MfaSendOverrides"/>, or <see cref="IMfaClient"/> with a <see cref="CodeRequest"/>) or the
        /// client only verifies; a short call that then finds neither a default nor an override fails with
        /// <see cref="MfaConfigurationException"/>.
        /// </summary>
        public bool RequireChannelDefaults { get; set; } = true;

        /// <summary>Defaults for codes sent by text message.</summary>
        public MfaChannelOptions Messaging { get; set; } = new MfaChannelOptions();

        /// <summary>Defaults for codes sent by voice call.</summary>
        public MfaChannelOptions Voice { get; set; } = new MfaChannelOptions();

        /// <summary>
        /// The scope used by sends and verifies that give none (at most 25 characters); null sends none, and the service
        /// uses <c>2FA</c>. One setting for both, so a code sent without a scope verifies without one.
        /// </summary>
        public string? Scope { get; set; }

        /// <summary>Codes sent within this many minutes count as valid when verifying (1 to 15). Default 5.</summary>
        public double ExpirationTimeInMinutes { get; set; } = 5;

        /// <summary>The opt-in retry policy; null (the default) means no call is ever sent twice. See <see cref="MfaRetryOptions"/>.</summary>
        public MfaRetryOptions? Retry { get; set; }

        /// <summary>The opt-in send limits against SMS pumping; null (the default) means sends are not limited by the client. See <see cref="MfaSendLimitOptions"/>.</summary>
        public MfaSendLimitOptions? SendLimits { get; set; }

        /// <summary>Which authentication the settings select, or <see cref="MfaAuthenticationMode.None"/>.</summary>
        internal MfaAuthenticationMode AuthenticationMode
        {
            get
            {
                if (IsSet(Username) || IsSet(Password))
                {
                    return MfaAuthenticationMode.Basic;
                }

                if (IsSet(AccessToken))
                {
                    return MfaAuthenticationMode.BearerToken;
                }

                if (IsSet(ClientId) || IsSet(ClientSecret))
                {
                    return MfaAuthenticationMode.ClientCredentials;
                }

                return MfaAuthenticationMode.None;
            }
        }

        /// <summary>Describes the settings with every secret hidden.</summary>
        /// <returns>A description safe for logs.</returns>
        public override string ToString()
        {
            return "MfaOptions { BaseUrl = " + BaseUrl + ", AccountId = " + AccountId
                + ", Authentication = " + AuthenticationMode
                + ", Username = " + (Username ?? "(none)")
                + ", Password = " + Mask(Password)
                + ", AccessToken = " + Mask(AccessToken)
                + ", ClientId = " + (ClientId ?? "(none)")
                + ", ClientSecret = " + Mask(ClientSecret)
                + ", TokenUrl = " + TokenUrl
                + ", Timeout = " + Timeout
                + ", Messaging = " + Messaging
                + ", Voice = " + Voice
                + (RequireChannelDefaults ? string.Empty : ", RequireChannelDefaults = False")
                + ", Scope = " + (Scope ?? "(default)")
                + ", ExpirationTimeInMinutes = " + ExpirationTimeInMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture)
                + ", Retry = " + (Retry?.ToString() ?? "(off)")
                + ", SendLimits = " + (SendLimits?.ToString() ?? "(off)") + " }";
        }

        internal static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);

        private static string Mask(string? secret) => IsSet(secret) ? MfaRedaction.Hidden : "(none)";
    }
}
