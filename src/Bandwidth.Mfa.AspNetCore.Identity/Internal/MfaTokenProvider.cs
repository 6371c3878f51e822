using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa.AspNetCore.Identity.Internal
{
    /// <summary>
    /// An Identity token provider on Bandwidth MFA. <c>GenerateAsync</c> sends (Bandwidth makes the code) and returns
    /// <see cref="MfaTokenProviders.SentMarker"/>; <c>ValidateAsync</c> verifies with the scope of the purpose. Logs nothing.
    /// </summary>
    internal abstract class MfaTokenProvider<TUser> : IUserTwoFactorTokenProvider<TUser>
        where TUser : class
    {
        private readonly IServiceProvider _services;
        private readonly MfaTokenProviderOptions _options;
        private readonly TimeProvider _time;
        private readonly IHttpContextAccessor? _http;

        protected MfaTokenProvider(IServiceProvider services, IOptions<MfaTokenProviderOptions> options)
        {
            _services = services;
            _options = options.Value;
            _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            _http = services.GetService<IHttpContextAccessor>();
        }

        protected abstract Task SendAsync(IMfaService mfa, string to, string scope, CancellationToken cancellationToken);

        public virtual async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<TUser> manager, TUser user)
        {
            if (!manager.SupportsUserPhoneNumber || !manager.SupportsUserAuthenticationTokens)
            {
                return false;
            }

            var number = await manager.GetPhoneNumberAsync(user).ConfigureAwait(false);
            return MfaPhoneNumber.IsE164(number) && await manager.IsPhoneNumberConfirmedAsync(user).ConfigureAwait(false);
        }

        public async Task<string> GenerateAsync(string purpose, UserManager<TUser> manager, TUser user)
        {
            var kind = MfaPurpose.Of(purpose ?? throw new ArgumentNullException(nameof(purpose)));
            if (!manager.SupportsUserAuthenticationTokens)
            {
                throw new NotSupportedException("The Bandwidth MFA token providers keep the pending send in the user's authentication tokens: the user store must implement IUserAuthenticationTokenStore<TUser> (the Entity Framework Core stores do).");
            }

            var number = await NumberOfAsync(kind, manager, user).ConfigureAwait(false)
                ?? throw new InvalidOperationException(kind.NumberInPurpose != null
                    ? "The new phone number is not an E.164 number such as +19195551234; nothing was sent."
                    : "The user has no E.164 phone number such as +19195551234; nothing was sent.");

            // A new pending send replaces the previous one of this purpose: only the newest code works, once.
            var nonce = MfaPurpose.NewNonce();
            Check(await manager.SetAuthenticationTokenAsync(user, MfaTokenProviders.TokenStoreLoginProvider, kind.Kind, nonce).ConfigureAwait(false));
            var scope = kind.ScopeFor(await manager.GetUserIdAsync(user).ConfigureAwait(false), number, await StampOfAsync(manager, user).ConfigureAwait(false), nonce);
            try
            {
                await SendAsync(Mfa(), number, scope, Aborted()).ConfigureAwait(false);
            }
            catch (MfaSendRefusedException refused)
            {
                throw new MfaIdentityException(MfaIdentityFailure.SendRefused, "Too many codes were sent to this phone number; please wait before asking for another.", refused.RetryAfter, refused.RetryAt, refused);
            }
            catch (MfaException failed)
            {
                throw Unavailable(failed);
            }

            return MfaTokenProviders.SentMarker;
        }

        public async Task<bool> ValidateAsync(string purpose, string token, UserManager<TUser> manager, TUser user)
        {
            var kind = MfaPurpose.Of(purpose ?? throw new ArgumentNullException(nameof(purpose)));
            var code = MfaCodeInput.Normalize(token);
            if (code == null || !manager.SupportsUserAuthenticationTokens)
            {
                // Empty, oversized or not digits: never a code Bandwidth made, so nothing is asked.
                return false;
            }

            var number = await NumberOfAsync(kind, manager, user).ConfigureAwait(false);
            var nonce = await manager.GetAuthenticationTokenAsync(user, MfaTokenProviders.TokenStoreLoginProvider, kind.Kind).ConfigureAwait(false);
            if (number == null || string.IsNullOrEmpty(nonce))
            {
                // No code pending for this purpose (never sent, or already used).
                return false;
            }

            var scope = kind.ScopeFor(await manager.GetUserIdAsync(user).ConfigureAwait(false), number, await StampOfAsync(manager, user).ConfigureAwait(false), nonce!);
            MfaVerifyResult result;
            try
            {
                result = await Mfa().VerifyCodeWithOutcomeAsync(number, code, scope, cancellationToken: Aborted()).ConfigureAwait(false);
            }
            catch (MfaException failed)
            {
                throw Unavailable(failed);
            }

            switch (result.Outcome)
            {
                case MfaVerifyOutcome.Valid:
                    // Used up: the same code can never be replayed, even within its lifetime. A store that checks
                    // concurrency (the EF Core stores, by the user's ConcurrencyStamp) refuses this when another check
                    // of the same code used it first, between our read of the pending send and now: that check signed
                    // in, this one is false, so one code never signs in twice.
                    // Any other refusal (a user validator, a custom store) is not a wrong code: it throws, as before.
                    var used = await manager.RemoveAuthenticationTokenAsync(user, MfaTokenProviders.TokenStoreLoginProvider, kind.Kind).ConfigureAwait(false);
                    if (IsConcurrencyFailure(used, manager))
                    {
                        return false;
                    }

                    Check(used);
                    return true;
                case MfaVerifyOutcome.LockedOut:
                    // Not a wrong code: nothing was checked, so Identity must not count it (see CONTRIBUTING, lockouts).
                    throw LockedOut(result.RetryAfter);
                default:
                    return false;
            }
        }

        private static async Task<string?> NumberOfAsync(MfaPurpose kind, UserManager<TUser> manager, TUser user)
        {
            var number = kind.NumberInPurpose ?? (manager.SupportsUserPhoneNumber ? await manager.GetPhoneNumberAsync(user).ConfigureAwait(false) : null);
            return MfaPhoneNumber.IsE164(number) ? number : null;
        }

        private static async Task<string> StampOfAsync(UserManager<TUser> manager, TUser user)
        {
            return manager.SupportsUserSecurityStamp ? await manager.GetSecurityStampAsync(user).ConfigureAwait(false) ?? string.Empty : string.Empty;
        }

        private IMfaService Mfa()
        {
            return _options.ClientName == null
                ? _services.GetRequiredService<IMfaService>()
                : _services.GetRequiredService<IMfaClientFactory>().GetService(_options.ClientName);
        }

        private CancellationToken Aborted() => _http?.HttpContext?.RequestAborted ?? CancellationToken.None;

        private MfaIdentityException LockedOut(TimeSpan? retryAfter)
        {
            var wait = retryAfter ?? TimeSpan.FromMinutes(2);
            var at = _time.GetUtcNow() + wait;
            return new MfaIdentityException(MfaIdentityFailure.LockedOut, "Too many wrong codes for this phone number; try again in " + Describe(wait) + ".", wait, at);
        }

        private static MfaIdentityException Unavailable(MfaException failed)
        {
            return new MfaIdentityException(MfaIdentityFailure.Unavailable, "The verification service could not be reached, so no code was sent or checked; please try again in a moment.", failed is MfaApiException api ? api.RetryAfter : null, null, failed);
        }

        private static string Describe(TimeSpan wait)
        {
            var seconds = (long)Math.Ceiling(wait.TotalSeconds);
            if (seconds < 60)
            {
                return Math.Max(1, seconds) + (seconds == 1 ? " second" : " seconds");
            }

            var minutes = (seconds + 59) / 60;
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }

        private static bool IsConcurrencyFailure(IdentityResult result, UserManager<TUser> manager)
        {
            var code = manager.ErrorDescriber.ConcurrencyFailure().Code;
            return result.Errors.Any(e => e.Code == code);
        }

        private static void Check(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException("The user store refused to keep the pending Bandwidth MFA send (UserManager.UpdateAsync failed); nothing was sent or checked.");
            }
        }
    }

    /// <summary>Texts the code.</summary>
    internal sealed class MfaSmsTokenProvider<TUser> : MfaTokenProvider<TUser>
        where TUser : class
    {
        public MfaSmsTokenProvider(IServiceProvider services, IOptions<MfaTokenProviderOptions> options)
            : base(services, options)
        {
        }

        protected override Task SendAsync(IMfaService mfa, string to, string scope, CancellationToken cancellationToken)
            => mfa.SendSmsCodeAsync(to, scope, cancellationToken: cancellationToken);
    }

    /// <summary>Calls and reads the code out.</summary>
    internal sealed class MfaVoiceTokenProvider<TUser> : MfaTokenProvider<TUser>
        where TUser : class
    {
        public MfaVoiceTokenProvider(IServiceProvider services, IOptions<MfaTokenProviderOptions> options)
            : base(services, options)
        {
        }

        protected override Task SendAsync(IMfaService mfa, string to, string scope, CancellationToken cancellationToken)
            => mfa.SendVoiceCodeAsync(to, scope, cancellationToken: cancellationToken);
    }
}
