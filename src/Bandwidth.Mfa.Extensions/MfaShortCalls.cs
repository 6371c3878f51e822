using System;
using System.Threading;
using System.Threading.Tasks;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The short calls: each fills in the defaults of <see cref="MfaOptions"/> and makes one call of <see cref="IMfaClient"/>.
    /// Not disposable, so a container that resolves it as transient keeps nothing alive.
    /// </summary>
    internal sealed class MfaShortCalls : IMfaService
    {
        private readonly MfaOptions _options;

        internal MfaShortCalls(IMfaClient client, MfaOptions options)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
            _options = options ?? throw new ArgumentNullException(nameof(options));
        }

        internal IMfaClient Client { get; }

        /// <inheritdoc />
        public Task<MessagingCodeResponse> SendSmsCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
            => SendAsync(to, scope, overrides, _options.Messaging, "Messaging", (client, accountId, request, ct) => client.GenerateMessagingCodeAsync(accountId, request, ct), cancellationToken);

        /// <inheritdoc />
        public Task<VoiceCodeResponse> SendVoiceCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
            => SendAsync(to, scope, overrides, _options.Voice, "Voice", (client, accountId, request, ct) => client.GenerateVoiceCodeAsync(accountId, request, ct), cancellationToken);

        private Task<TResult> SendAsync<TResult>(string to, string? scope, MfaSendOverrides? overrides, MfaChannelOptions channel, string channelName,
            Func<IMfaClient, string, CodeRequest, CancellationToken, Task<TResult>> send, CancellationToken cancellationToken)
        {
            CodeRequest request;
            string accountId;
            try
            {
                request = BuildCodeRequest(to, scope, _options.Scope, overrides, channel, channelName);
                accountId = AccountIdOf(overrides?.AccountId);
            }
            catch (MfaRequestValidationException missing)
            {
                // Like every other refusal of a request: a faulted task, never a throw from the call itself.
                return Task.FromException<TResult>(missing);
            }

            return send(Client, accountId, request, cancellationToken);
        }

        /// <inheritdoc />
        public async Task<bool> VerifyCodeAsync(string to, string code, string? scope = null, MfaVerifyOverrides? overrides = null, CancellationToken cancellationToken = default)
        {
            var request = new VerifyCodeRequest
            {
                To = to,
                Scope = scope ?? _options.Scope,
                Code = code,
                ExpirationTimeInMinutes = overrides?.ExpirationTimeInMinutes ?? _options.ExpirationTimeInMinutes,
            };
            var response = await Client.VerifyCodeAsync(AccountIdOf(overrides?.AccountId), request, cancellationToken).ConfigureAwait(false);

            // Fails closed: an answer without an outcome is never a valid code (the generated client already refuses
            // it; this also holds for any other IMfaClient).
            return response?.Valid ?? throw new MfaInvalidResponseException("verifyCode", 200, "the answer has no 'valid' (true or false), so the code was not verified");
        }

        private string AccountIdOf(string? overrideAccountId)
        {
            return overrideAccountId ?? _options.AccountId ?? throw new MfaRequestValidationException("accountId", "is required: set 'AccountId' in the MFA options or pass it in the overrides");
        }

        private static CodeRequest BuildCodeRequest(string to, string? scope, string? defaultScope, MfaSendOverrides? overrides, MfaChannelOptions channel, string channelName)
        {
            return new CodeRequest
            {
                To = to,
                From = overrides?.From ?? channel.From ?? throw new MfaRequestValidationException("from", "is required: set '" + channelName + ":From' in the MFA options or pass it in the overrides"),
                ApplicationId = overrides?.ApplicationId ?? channel.ApplicationId ?? throw new MfaRequestValidationException("applicationId", "is required: set '" + channelName + ":ApplicationId' in the MFA options or pass it in the overrides"),
                Scope = scope ?? defaultScope,
                Message = overrides?.Message ?? channel.Message,
                Digits = overrides?.Digits ?? channel.Digits,
            };
        }
    }
}
