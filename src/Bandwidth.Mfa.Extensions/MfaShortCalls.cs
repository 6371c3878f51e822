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
        private readonly string? _clientName;

        internal MfaShortCalls(IMfaClient client, MfaOptions options, string? clientName = null)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _clientName = clientName;
        }

        internal IMfaClient Client { get; }

        /// <inheritdoc />
        public Task<MessagingCodeResponse> SendSmsCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
            => SendAsync(to, scope, overrides, _options.Messaging, "Messaging", MfaClient.GenerateMessagingCodeOperation.Id, (client, accountId, request, ct) => client.GenerateMessagingCodeAsync(accountId, request, ct), cancellationToken);

        /// <inheritdoc />
        public Task<VoiceCodeResponse> SendVoiceCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
            => SendAsync(to, scope, overrides, _options.Voice, "Voice", MfaClient.GenerateVoiceCodeOperation.Id, (client, accountId, request, ct) => client.GenerateVoiceCodeAsync(accountId, request, ct), cancellationToken);

        private Task<TResult> SendAsync<TResult>(string to, string? scope, MfaSendOverrides? overrides, MfaChannelOptions channel, string channelName, string operation,
            Func<IMfaClient, string, CodeRequest, CancellationToken, Task<TResult>> send, CancellationToken cancellationToken)
        {
            CodeRequest request;
            string accountId;
            try
            {
                request = BuildCodeRequest(to, scope, overrides, channel, channelName, operation);
                accountId = AccountIdOf(overrides?.AccountId, operation);
            }
            catch (MfaConfigurationException missing)
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
            var response = await Client.VerifyCodeAsync(AccountIdOf(overrides?.AccountId, MfaClient.VerifyCodeOperation.Id), request, cancellationToken).ConfigureAwait(false);

            // Fails closed: an answer without an outcome is never a valid code (the generated client already refuses
            // it; this also holds for any other IMfaClient).
            return response?.Valid ?? throw new MfaInvalidResponseException(MfaClient.VerifyCodeOperation.Id, 200, "the answer has no 'valid' (true or false), so the code was not verified");
        }

        private string AccountIdOf(string? overrideAccountId, string operation)
        {
            return overrideAccountId ?? _options.AccountId ?? throw Missing(operation, "AccountId", "Set 'AccountId' in the client's options, or pass it in the overrides.");
        }

        // A default that is neither configured nor passed is the application's configuration, never the caller's input.
        private CodeRequest BuildCodeRequest(string to, string? scope, MfaSendOverrides? overrides, MfaChannelOptions channel, string channelName, string operation)
        {
            return new CodeRequest
            {
                To = to,
                From = overrides?.From ?? channel.From ?? throw Missing(operation, channelName + ":From", "Configure '" + channelName + ":From' and '" + channelName + ":ApplicationId' for this channel, or pass MfaSendOverrides.From."),
                ApplicationId = overrides?.ApplicationId ?? channel.ApplicationId ?? throw Missing(operation, channelName + ":ApplicationId", "Configure '" + channelName + ":ApplicationId' for this channel, or pass MfaSendOverrides.ApplicationId."),
                Scope = scope ?? _options.Scope,
                Message = overrides?.Message ?? channel.Message,
                Digits = overrides?.Digits ?? channel.Digits,
            };
        }

        private MfaConfigurationException Missing(string operation, string setting, string remedy) => new MfaConfigurationException(operation, setting, _clientName, remedy);
    }
}
