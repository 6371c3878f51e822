using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The short way to send and verify codes: the account, sender number, application id, message template and digits
    /// come from <see cref="MfaOptions"/>, and each call can override them. Mock this interface in a partner service's
    /// own tests, or use the sandbox of the Bandwidth.Mfa.Testing package.
    /// </summary>
    public interface IMfaService
    {
        /// <summary>Texts a new code to <paramref name="to"/>. Each success is billed and reaches a phone; it is never retried behind your back.</summary>
        /// <param name="to">The E.164 number, such as <c>+19195551234</c>.</param>
        /// <param name="scope">What the code is for (at most 25 characters); null uses <see cref="MfaOptions.Scope"/>, else the service's <c>2FA</c>.</param>
        /// <param name="overrides">Values that replace the configured defaults for this call.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The id of the text message.</returns>
        /// <exception cref="MfaRequestValidationException">A value breaks the spec, or a default it needs is not configured; nothing was sent.</exception>
        /// <exception cref="MfaApiException{TResult}">A documented error status (400, 401, 403, 500) with the parsed body in <c>Result</c>.</exception>
        /// <exception cref="MfaApiException">Any other error status (a gateway's 502, 503 or 504, for example).</exception>
        /// <exception cref="MfaInvalidResponseException">A success status with a body that cannot be used.</exception>
        /// <exception cref="MfaRedirectException">A redirect: never followed, never a result.</exception>
        /// <exception cref="MfaTransportException">The connection failed or broke before the whole answer arrived.</exception>
        /// <exception cref="MfaTimeoutException">No whole answer within <see cref="MfaOptions.Timeout"/>.</exception>
        /// <exception cref="MfaAuthenticationException">The OAuth2 token endpoint refused or failed (client credentials only); nothing was sent.</exception>
        /// <exception cref="MfaSendRefusedException">Refused by <see cref="MfaOptions.SendLimits"/> (only when set) before anything was sent; <c>Rule</c> and <c>RetryAt</c> say why and until when.</exception>
        /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        Task<MessagingCodeResponse> SendSmsCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default);

        /// <summary>Calls <paramref name="to"/> and reads out a new code. Each success is billed and reaches a phone; it is never retried behind your back.</summary>
        /// <param name="to">The E.164 number, such as <c>+19195551234</c>.</param>
        /// <param name="scope">What the code is for (at most 25 characters); null uses <see cref="MfaOptions.Scope"/>, else the service's <c>2FA</c>.</param>
        /// <param name="overrides">Values that replace the configured defaults for this call.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>The id of the call.</returns>
        /// <exception cref="MfaRequestValidationException">A value breaks the spec, or a default it needs is not configured; nothing was sent.</exception>
        /// <exception cref="MfaApiException{TResult}">A documented error status (400, 401, 403, 500) with the parsed body in <c>Result</c>.</exception>
        /// <exception cref="MfaApiException">Any other error status (a gateway's 502, 503 or 504, for example).</exception>
        /// <exception cref="MfaInvalidResponseException">A success status with a body that cannot be used.</exception>
        /// <exception cref="MfaRedirectException">A redirect: never followed, never a result.</exception>
        /// <exception cref="MfaTransportException">The connection failed or broke before the whole answer arrived.</exception>
        /// <exception cref="MfaTimeoutException">No whole answer within <see cref="MfaOptions.Timeout"/>.</exception>
        /// <exception cref="MfaAuthenticationException">The OAuth2 token endpoint refused or failed (client credentials only); nothing was sent.</exception>
        /// <exception cref="MfaSendRefusedException">Refused by <see cref="MfaOptions.SendLimits"/> (only when set) before anything was sent; <c>Rule</c> and <c>RetryAt</c> say why and until when.</exception>
        /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        Task<VoiceCodeResponse> SendVoiceCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default);

        /// <summary>Checks the code a user typed. A wrong or expired code is <c>false</c>, not an exception.</summary>
        /// <param name="to">The E.164 number the code was sent to.</param>
        /// <param name="code">The code the user typed (4 to 8 characters).</param>
        /// <param name="scope">The scope the code was sent with; null uses <see cref="MfaOptions.Scope"/>, else the service's <c>2FA</c>.</param>
        /// <param name="overrides">Values that replace the configured defaults for this call.</param>
        /// <param name="cancellationToken">Cancels the call.</param>
        /// <returns>Whether the code is valid.</returns>
        /// <exception cref="MfaRequestValidationException">A value breaks the spec, or a default it needs is not configured; nothing was sent.</exception>
        /// <exception cref="MfaApiException{TResult}">A documented error status (400, 401, 403, 500, and 429 when too many wrong codes were tried for the number: <c>IsRateLimited</c>) with the parsed body in <c>Result</c>.</exception>
        /// <exception cref="MfaApiException">Any other error status (a gateway's 502, 503 or 504, for example).</exception>
        /// <exception cref="MfaInvalidResponseException">A success status with a body that cannot be used, or an answer without <c>valid</c> (never a valid code).</exception>
        /// <exception cref="MfaRedirectException">A redirect: never followed, never a result.</exception>
        /// <exception cref="MfaTransportException">The connection failed or broke before the whole answer arrived.</exception>
        /// <exception cref="MfaTimeoutException">No whole answer within <see cref="MfaOptions.Timeout"/>.</exception>
        /// <exception cref="MfaAuthenticationException">The OAuth2 token endpoint refused or failed (client credentials only); nothing was sent.</exception>
        /// <exception cref="System.OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
        Task<bool> VerifyCodeAsync(string to, string code, string? scope = null, MfaVerifyOverrides? overrides = null, CancellationToken cancellationToken = default);
    }
}
