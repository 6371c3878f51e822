using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>
    /// How an <see cref="MfaSandbox"/> behaves: its clock, the credentials it accepts, the name it puts in messages and
    /// its limits. The sandbox copies the values when it is created; later changes to this object have no effect.
    /// </summary>
    /// <remarks>
    /// <para><b>Credentials.</b> When none of <see cref="Username"/>, <see cref="Password"/>, <see cref="AccessToken"/>,
    /// <see cref="ClientId"/> and <see cref="ClientSecret"/> is set, the sandbox accepts any well-formed
    /// <c>Authorization</c> header: <c>Basic</c> with a non-empty user name, or <c>Bearer</c> with a non-empty token (and
    /// its token endpoint accepts any client id and secret). As soon as one of them is set, it checks them exactly, like
    /// the real service: Basic must match <see cref="Username"/> and <see cref="Password"/>, a bearer token must be
    /// <see cref="AccessToken"/> or a token its own token endpoint issued to <see cref="ClientId"/>/<see cref="ClientSecret"/>.
    /// In both modes a token the sandbox issued is refused once it expired (<see cref="TokenLifetime"/>) or was revoked
    /// (<see cref="MfaSandbox.RevokeIssuedTokens"/>).</para>
    /// </remarks>
    public sealed class MfaSandboxOptions
    {
        /// <summary>The name that replaces <c>{NAME}</c> in message templates when <see cref="ApplicationNames"/> has none for the application.</summary>
        public const string DefaultApplicationName = "Bandwidth MFA Sandbox";

        /// <summary>The clock for code expiry, the verification cool-down and token lifetimes; <see cref="System.TimeProvider.System"/> when null.</summary>
        public TimeProvider? TimeProvider { get; set; }

        /// <summary>The HTTP Basic user name the sandbox expects; see the remarks of <see cref="MfaSandboxOptions"/>.</summary>
        public string? Username { get; set; }

        /// <summary>The HTTP Basic password the sandbox expects; see the remarks of <see cref="MfaSandboxOptions"/>.</summary>
        public string? Password { get; set; }

        /// <summary>A fixed bearer token the sandbox accepts (besides the tokens its token endpoint issues).</summary>
        public string? AccessToken { get; set; }

        /// <summary>The OAuth2 client id its token endpoint expects.</summary>
        public string? ClientId { get; set; }

        /// <summary>The OAuth2 client secret its token endpoint expects.</summary>
        public string? ClientSecret { get; set; }

        /// <summary>
        /// The accounts the credentials may use. Empty (the default): any account. Otherwise a call for another account
        /// answers 401, as the real service does when the credentials have no access to the account.
        /// </summary>
        public ICollection<string> AccountIds { get; } = new List<string>();

        /// <summary>The name that replaces <c>{NAME}</c>. Default <see cref="DefaultApplicationName"/>.</summary>
        public string ApplicationName { get; set; } = DefaultApplicationName;

        /// <summary>Per-application names for <c>{NAME}</c>, keyed by <c>applicationId</c>; <see cref="ApplicationName"/> for the rest.</summary>
        public IDictionary<string, string> ApplicationNames { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        /// <summary>
        /// How many wrong codes one number may try before verification answers 429. The next verification for that number
        /// answers 429 until <see cref="VerificationCoolDown"/> has passed since the last wrong code. Default 5.
        /// </summary>
        public int MaxFailedVerifications { get; set; } = 5;

        /// <summary>How long a number stays blocked after too many wrong codes (the vendor says 30 seconds to 2 minutes). Default 2 minutes.</summary>
        public TimeSpan VerificationCoolDown { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>
        /// Whether a code that verified once is used up. The vendor documents that any code generated within the window is
        /// valid and says nothing about reuse, so the default is false; set it to make sure your flow never verifies twice.
        /// </summary>
        public bool SingleUseCodes { get; set; }

        /// <summary>The <c>expires_in</c> of tokens from the sandbox's OAuth2 token endpoint. Default one hour.</summary>
        public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

        /// <summary>
        /// Makes the codes, for tests that want to know them in advance: given the number of digits, returns a code of
        /// exactly that many decimal digits. It is called outside the sandbox's lock, so it must be thread-safe when sends
        /// run in parallel. Null (the default): random codes.
        /// </summary>
        public Func<int, string>? CodeGenerator { get; set; }

        /// <summary>
        /// How many entries the outbox, the verification log and the request log each keep; the oldest go first. Codes
        /// that left the outbox stay valid. Null (the default): no limit, which suits a test; a sandbox that runs for days
        /// (the sandbox server) sets one so that its memory stays bounded. At least 1 when set.
        /// </summary>
        public int? HistoryLimit { get; set; }

        internal bool HasCredentials =>
            Username != null || Password != null || AccessToken != null || ClientId != null || ClientSecret != null;

        internal MfaSandboxOptions Copy()
        {
            if (MaxFailedVerifications < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(MaxFailedVerifications), MaxFailedVerifications, "Must be at least 1.");
            }

            if (VerificationCoolDown < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(VerificationCoolDown), VerificationCoolDown, "Must not be negative.");
            }

            if (TokenLifetime <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(TokenLifetime), TokenLifetime, "Must be positive.");
            }

            if (HistoryLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(HistoryLimit), HistoryLimit, "Must be at least 1 when set.");
            }

            var copy = new MfaSandboxOptions
            {
                TimeProvider = TimeProvider ?? System.TimeProvider.System,
                Username = Username,
                Password = Password,
                AccessToken = AccessToken,
                ClientId = ClientId,
                ClientSecret = ClientSecret,
                ApplicationName = ApplicationName ?? DefaultApplicationName,
                MaxFailedVerifications = MaxFailedVerifications,
                VerificationCoolDown = VerificationCoolDown,
                SingleUseCodes = SingleUseCodes,
                TokenLifetime = TokenLifetime,
                CodeGenerator = CodeGenerator,
                HistoryLimit = HistoryLimit,
            };
            foreach (var account in AccountIds)
            {
                copy.AccountIds.Add(account);
            }

            foreach (var pair in ApplicationNames)
            {
                copy.ApplicationNames[pair.Key] = pair.Value;
            }

            return copy;
        }
    }
}
