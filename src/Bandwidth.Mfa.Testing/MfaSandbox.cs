using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using Bandwidth.Mfa.Testing.Internal;
using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>
    /// An in-process stand-in for the Bandwidth MFA service, plugged in as the client's HTTP handler: nothing leaves the
    /// process, nobody is texted or called, and no account is needed. It behaves like the real service: sends make a random
    /// code of <c>digits</c> digits, render the message and put it in an outbox you can read; verification answers
    /// <c>{"valid": true}</c> only for a matching code within the expiration time and scope, and too many wrong codes for a
    /// number answer 429 until a cool-down has passed. Requests are checked like the real service checks them (401, 400
    /// with <c>{error, requestId}</c>), and you can make the next calls fail (<see cref="FailNext"/>). Thread-safe.
    /// </summary>
    /// <example>
    /// With dependency injection:
    /// <code>
    /// var sandbox = new MfaSandbox();
    /// services.AddBandwidthMfa(options => { ... }).UseSandbox(sandbox);
    /// // ... your code sends a code to +14155550100 through IMfaService ...
    /// string code = sandbox.LastCodeTo("+14155550100");
    /// </code>
    /// Without:
    /// <code>
    /// var sandbox = new MfaSandbox();
    /// using var mfa = MfaService.Create(sandbox.CreateClientOptions(), primaryHandler: sandbox.CreateHandler());
    /// await mfa.SendSmsCodeAsync("+14155550100");
    /// bool valid = await mfa.VerifyCodeAsync("+14155550100", sandbox.LastCodeTo("+14155550100"));
    /// </code>
    /// </example>
    /// <remarks>
    /// The sandbox answers whatever host the client is pointed at: it routes on the path alone
    /// (<c>.../accounts/{accountId}/code/messaging|voice|verify</c>, and <c>.../oauth2/token</c> for OAuth2 client
    /// credentials). Which credentials it accepts is set by <see cref="MfaSandboxOptions"/>. Code expiry, the cool-down and
    /// token lifetimes follow <see cref="MfaSandboxOptions.TimeProvider"/>, so a fake clock can move them.
    /// </remarks>
    public sealed partial class MfaSandbox
    {
        /// <summary>The default scope of a code, used when a request has none.</summary>
        public const string DefaultScope = "2FA";

        /// <summary>An account id for examples; the sandbox accepts any unless <see cref="MfaSandboxOptions.AccountIds"/> says otherwise.</summary>
        public const string ExampleAccountId = "9900000";

        /// <summary>An example number that receives codes.</summary>
        public const string ExampleTo = "+19195551234";

        /// <summary>An example sender number.</summary>
        public const string ExampleFrom = "+19195554321";

        /// <summary>An example messaging application id.</summary>
        public const string ExampleMessagingApplicationId = "66fd98ae-ac8d-a00f-7fcd-ba3280aeb9b1";

        /// <summary>An example voice application id.</summary>
        public const string ExampleVoiceApplicationId = "5b0c2a1e-9d3f-4c8a-b6e7-1f2d3c4b5a69";

        /// <summary>The user name of <see cref="CreateClientOptions"/> when the sandbox expects no particular credentials.</summary>
        public const string ExampleUsername = "sandbox-user";

        /// <summary>The password of <see cref="CreateClientOptions"/> when the sandbox expects no particular credentials.</summary>
        public const string ExamplePassword = "sandbox-password";

        private readonly MfaSandboxOptions _options;

        // Everything below is guarded by _gate. One lock keeps the state simple and consistent; each request holds it for
        // microseconds and never across an await. What callers' input keys (codes, wrong-code counts) is dropped once it
        // can no longer matter, on access (Sweep), so memory stays bounded by the history limit plus what is still live;
        // tokens are not stored at all.
        private readonly object _gate = new object();
        private readonly List<MfaSandboxMessage> _outbox = new List<MfaSandboxMessage>();
        private readonly CodeStore _codes = new CodeStore();
        private readonly AttemptCounters _attempts;
        private readonly SandboxTokens _tokens = new SandboxTokens();
        private readonly List<PendingFailure> _failures = new List<PendingFailure>();
        private readonly List<MfaSandboxRequest> _requests = new List<MfaSandboxRequest>();
        private readonly List<MfaSandboxVerification> _verifications = new List<MfaSandboxVerification>();
        private long _version;

        /// <summary>Creates a sandbox that accepts any well-formed credentials and uses the system clock.</summary>
        public MfaSandbox()
            : this(null)
        {
        }

        /// <summary>Creates a sandbox.</summary>
        /// <param name="options">Its clock, accepted credentials and limits; the values are copied. Null for the defaults.</param>
        public MfaSandbox(MfaSandboxOptions? options)
        {
            _options = (options ?? new MfaSandboxOptions()).Copy();
            TimeProvider = _options.TimeProvider!;
            _attempts = new AttemptCounters(_options.VerificationCoolDown);
        }

        /// <summary>The clock of the sandbox.</summary>
        public TimeProvider TimeProvider { get; }

        /// <summary>
        /// A number that grows by at least one with every change of the sandbox's state: each request it answers (or fails),
        /// each failure queued, each clear, unlock or reset. Compare two readings to know whether anything happened in between.
        /// </summary>
        public long Version => Interlocked.Read(ref _version);

        /// <summary>
        /// Raised after every change that <see cref="Version"/> counts, outside the sandbox's lock, on the thread that made
        /// the change (a request's, for requests). Handlers must be quick and must not throw: an exception propagates to
        /// the caller that made the change. The sandbox server uses it to push live updates to its outbox page.
        /// </summary>
        public event EventHandler? Changed;

        /// <summary>
        /// A new HTTP handler in front of this sandbox, to use as the client's primary handler (for example
        /// <c>MfaService.Create(options, primaryHandler: sandbox.CreateHandler())</c>). Handlers own nothing: disposing one
        /// leaves the sandbox and its state as they are, so <c>IHttpClientFactory</c> may rotate them freely.
        /// </summary>
        /// <returns>The handler.</returns>
        public HttpMessageHandler CreateHandler()
        {
            return new SandboxHandler(this);
        }

        /// <summary>
        /// Client options that this sandbox accepts: the production <c>BaseUrl</c> and <c>TokenUrl</c>, <see cref="ExampleAccountId"/> (or the first of
        /// <see cref="MfaSandboxOptions.AccountIds"/>), credentials matching <see cref="MfaSandboxOptions"/> (Basic unless only
        /// client credentials or an access token are configured), and the example numbers and application ids for both channels.
        /// </summary>
        /// <returns>New options; change them as you like.</returns>
        public MfaOptions CreateClientOptions()
        {
            // BaseUrl and TokenUrl keep their production defaults: the sandbox routes on the path only and replaces the
            // transport, so the options are the ones a live client would use.
            var options = new MfaOptions
            {
                AccountId = _options.AccountIds.FirstOrDefault() ?? ExampleAccountId,
            };

            if (_options.Username != null || _options.Password != null || !_options.HasCredentials)
            {
                options.Username = _options.Username ?? ExampleUsername;
                options.Password = _options.Password ?? ExamplePassword;
            }
            else if (_options.ClientId != null || _options.ClientSecret != null)
            {
                options.ClientId = _options.ClientId;
                options.ClientSecret = _options.ClientSecret;
            }
            else
            {
                options.AccessToken = _options.AccessToken;
            }

            options.Messaging.From = ExampleFrom;
            options.Messaging.ApplicationId = ExampleMessagingApplicationId;
            options.Voice.From = ExampleFrom;
            options.Voice.ApplicationId = ExampleVoiceApplicationId;
            return options;
        }

        /// <summary>
        /// An <see cref="MfaService"/> (the real client, without DI) wired to this sandbox, on the sandbox's clock.
        /// Dispose it when done.
        /// </summary>
        /// <param name="options">The client options; <see cref="CreateClientOptions"/> when null.</param>
        /// <param name="loggerFactory">Where the client logs; null for no logging.</param>
        /// <returns>The service.</returns>
        public MfaService CreateService(MfaOptions? options = null, ILoggerFactory? loggerFactory = null)
        {
            return MfaService.Create(options ?? CreateClientOptions(), CreateHandler(), loggerFactory, TimeProvider);
        }

        /// <summary>Counts a change and tells the <see cref="Changed"/> handlers; called after the lock is released.</summary>
        private void OnChanged()
        {
            Interlocked.Increment(ref _version);
            Changed?.Invoke(this, EventArgs.Empty);
        }
    }
}
