using Bandwidth.Mfa.Diagnostics;
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

        /// <summary>Every message sent so far, oldest first (a snapshot).</summary>
        public IReadOnlyList<MfaSandboxMessage> Messages
        {
            get
            {
                lock (_gate)
                {
                    return _outbox.ToArray();
                }
            }
        }

        /// <summary>Every request received so far, oldest first (a snapshot); it holds no credentials, bodies or codes.</summary>
        public IReadOnlyList<MfaSandboxRequest> Requests
        {
            get
            {
                lock (_gate)
                {
                    return _requests.ToArray();
                }
            }
        }

        /// <summary>
        /// Every verification the sandbox decided so far, oldest first (a snapshot): the right and wrong codes and the
        /// answers refused by a lockout. Requests refused before a decision (credentials, body) are only in <see cref="Requests"/>.
        /// </summary>
        public IReadOnlyList<MfaSandboxVerification> Verifications
        {
            get
            {
                lock (_gate)
                {
                    return _verifications.ToArray();
                }
            }
        }

        /// <summary>The numbers locked out of verification right now, by the sandbox's clock (a snapshot).</summary>
        public IReadOnlyList<MfaSandboxLockout> Lockouts
        {
            get
            {
                var now = TimeProvider.GetUtcNow();
                lock (_gate)
                {
                    Sweep(now);
                    return _attempts.Lockouts(_options.MaxFailedVerifications, now);
                }
            }
        }

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

        /// <summary>How many injected failures are still waiting for a request.</summary>
        public int PendingFailures
        {
            get
            {
                lock (_gate)
                {
                    return _failures.Sum(f => f.Remaining);
                }
            }
        }

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

        /// <summary>The messages sent to <paramref name="to"/>, oldest first.</summary>
        /// <param name="to">The E.164 number.</param>
        /// <returns>A snapshot; empty when none.</returns>
        public IReadOnlyList<MfaSandboxMessage> MessagesTo(string to)
        {
            lock (_gate)
            {
                return _outbox.Where(m => string.Equals(m.To, to, StringComparison.Ordinal)).ToArray();
            }
        }

        /// <summary>The last message sent to <paramref name="to"/>, or null when none was.</summary>
        /// <param name="to">The E.164 number.</param>
        /// <returns>The message or null.</returns>
        public MfaSandboxMessage? LastMessageTo(string to)
        {
            lock (_gate)
            {
                for (var i = _outbox.Count - 1; i >= 0; i--)
                {
                    if (string.Equals(_outbox[i].To, to, StringComparison.Ordinal))
                    {
                        return _outbox[i];
                    }
                }
            }

            return null;
        }

        /// <summary>The code of the last message sent to <paramref name="to"/> (for <paramref name="scope"/>, when given).</summary>
        /// <param name="to">The E.164 number.</param>
        /// <param name="scope">Only codes sent for this scope (<c>2FA</c> for requests without one); null for any scope.</param>
        /// <returns>The code.</returns>
        /// <exception cref="InvalidOperationException">No such code was sent.</exception>
        public string LastCodeTo(string to, string? scope = null)
        {
            lock (_gate)
            {
                for (var i = _outbox.Count - 1; i >= 0; i--)
                {
                    var message = _outbox[i];
                    if (string.Equals(message.To, to, StringComparison.Ordinal) && (scope == null || string.Equals(message.Scope, scope, StringComparison.Ordinal)))
                    {
                        return message.Code;
                    }
                }

                throw new InvalidOperationException("The MFA sandbox sent no code to " + MfaRedaction.PhoneNumber(to)
                    + (scope == null ? string.Empty : " for scope '" + scope + "'") + "; its outbox holds " + _outbox.Count + " message(s).");
            }
        }

        /// <summary>
        /// Makes the next <paramref name="times"/> requests for <paramref name="operation"/> fail with <paramref name="failure"/>
        /// instead of their normal answer. Failures queue up in the order they were added.
        /// </summary>
        /// <param name="failure">The failure, from one of the <see cref="MfaSandboxFailure"/> factories.</param>
        /// <param name="times">How many requests it applies to; at least 1.</param>
        /// <param name="operation">The operation it applies to; null for any of the three MFA operations (not the token endpoint).</param>
        public void FailNext(MfaSandboxFailure failure, int times = 1, MfaSandboxOperation? operation = null)
        {
            if (failure == null)
            {
                throw new ArgumentNullException(nameof(failure));
            }

            if (times < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(times), times, "Must be at least 1.");
            }

            if (operation == MfaSandboxOperation.Unknown)
            {
                throw new ArgumentException("Failures apply to the MFA operations or the token endpoint, not to unknown paths.", nameof(operation));
            }

            lock (_gate)
            {
                _failures.Add(new PendingFailure(failure, times, operation));
            }

            OnChanged();
        }

        /// <summary>Drops every injected failure that is still waiting for a request.</summary>
        public void ClearFailures()
        {
            lock (_gate)
            {
                _failures.Clear();
            }

            OnChanged();
        }

        /// <summary>Makes every access token the sandbox issued so far invalid (the next call with one answers 401), as a revocation would.</summary>
        public void RevokeIssuedTokens()
        {
            lock (_gate)
            {
                _tokens.RevokeAll();
            }

            OnChanged();
        }

        /// <summary>
        /// Unlocks a number: forgets the wrong codes counted for it, so a lockout ends at once and its next verification is
        /// decided as if the cool-down had passed. Codes already sent stay valid; the verification log keeps its entries.
        /// </summary>
        /// <param name="to">The E.164 number, as the requests sent it.</param>
        /// <param name="accountId">Only the count of this account; null for every account.</param>
        /// <returns>How many counts were forgotten (one per account with wrong codes for the number); 0 when there were none.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="to"/> is null.</exception>
        public int Unlock(string to, string? accountId = null)
        {
            if (to == null)
            {
                throw new ArgumentNullException(nameof(to));
            }

            int forgotten;
            lock (_gate)
            {
                forgotten = _attempts.Forget(to, accountId);
            }

            if (forgotten > 0)
            {
                OnChanged();
            }

            return forgotten;
        }

        /// <summary>Empties the outbox and the verification log; codes already sent stay valid and lockouts stay in force (see <see cref="Unlock"/>).</summary>
        public void ClearOutbox()
        {
            lock (_gate)
            {
                _outbox.Clear();
                _verifications.Clear();
            }

            OnChanged();
        }

        /// <summary>Forgets everything: the outbox, the verification log, stored codes, wrong-attempt counts (and so lockouts), issued tokens, injected failures and the request log.</summary>
        public void Reset()
        {
            lock (_gate)
            {
                _outbox.Clear();
                _codes.Clear();
                _attempts.Clear();
                _tokens.Reset();
                _failures.Clear();
                _requests.Clear();
                _verifications.Clear();
            }

            OnChanged();
        }
    }
}
