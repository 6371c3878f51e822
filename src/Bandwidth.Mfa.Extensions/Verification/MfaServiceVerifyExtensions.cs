using System;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa
{
    /// <summary>The verify call with three outcomes, for every <see cref="IMfaService"/> (yours and test doubles included).</summary>
    public static class MfaServiceVerifyExtensions
    {
        /// <summary>
        /// Checks the code a user typed and says which of three things happened: <see cref="MfaVerifyOutcome.Valid"/>,
        /// <see cref="MfaVerifyOutcome.Invalid"/> (wrong, expired or another scope) or <see cref="MfaVerifyOutcome.LockedOut"/>
        /// (the service answered 429 after too many wrong codes for the number, with <see cref="MfaVerifyResult.RetryAfter"/>
        /// when it said how long). A page can show "wrong code" and "too many tries, wait N minutes" without catching an
        /// exception. Makes exactly one verify call through <see cref="IMfaService.VerifyCodeAsync"/>; a verify is never billed.
        /// </summary>
        /// <param name="service">The service.</param>
        /// <param name="to">The E.164 number the code was sent to.</param>
        /// <param name="code">The code the user typed (4 to 8 characters).</param>
        /// <param name="scope">The scope the code was sent with; null uses <see cref="MfaOptions.Scope"/>, else the service's <c>2FA</c>.</param>
        /// <param name="overrides">Values that replace the configured defaults for this call.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The outcome; never null.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="service"/> is null.</exception>
        /// <exception cref="MfaRequestValidationException">A value breaks the spec (a code of 3 or 9 characters, say), or a default it needs is not configured; nothing was sent.</exception>
        /// <exception cref="MfaApiException{TResult}">A documented error status other than 429 (400, 401, 403, 500) with the parsed body in <c>Result</c>.</exception>
        /// <exception cref="MfaApiException">Any other error status (a gateway's 502, 503 or 504, for example).</exception>
        /// <exception cref="MfaInvalidResponseException">A success status with a body that cannot be used, or an answer without <c>valid</c> (never a valid code).</exception>
        /// <exception cref="MfaRedirectException">A redirect: never followed, never a result.</exception>
        /// <exception cref="MfaTransportException">The connection failed or broke before the whole answer arrived.</exception>
        /// <exception cref="MfaTimeoutException">No whole answer within <see cref="MfaOptions.Timeout"/>.</exception>
        /// <exception cref="MfaAuthenticationException">The OAuth2 token endpoint refused or failed (client credentials only); nothing was sent.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        public static async Task<MfaVerifyResult> VerifyCodeWithOutcomeAsync(this IMfaService service, string to, string code, string? scope = null, MfaVerifyOverrides? overrides = null, CancellationToken cancellationToken = default)
        {
            if (service == null)
            {
                throw new ArgumentNullException(nameof(service));
            }

            try
            {
                var valid = await service.VerifyCodeAsync(to, code, scope, overrides, cancellationToken).ConfigureAwait(false);
                return valid ? MfaVerifyResult.Valid : MfaVerifyResult.Invalid;
            }
            catch (MfaApiException rateLimited) when (rateLimited.IsRateLimited)
            {
                // The only status that is an answer about the code rather than a failure: the number is in its cool-down.
                return MfaVerifyResult.LockedOut(MfaLockoutWait.Of(rateLimited));
            }
        }
    }
}
