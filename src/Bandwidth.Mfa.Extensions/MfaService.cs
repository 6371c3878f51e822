using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The short calls of <see cref="IMfaService"/>, each a thin mapping onto one generated operation of
    /// <see cref="IMfaClient"/> with the defaults from <see cref="MfaOptions"/> filled in.
    /// Resolve it from DI (<c>services.AddBandwidthMfa(...)</c>) or, without DI, build one with <see cref="Create"/>.
    /// </summary>
    public sealed class MfaService : IMfaService, IDisposable
    {
        private readonly MfaOptions _options;
        private readonly IDisposable? _owned;

        /// <summary>Creates the service over a client; DI uses this.</summary>
        /// <param name="client">The generated client.</param>
        /// <param name="options">The defaults.</param>
        public MfaService(IMfaClient client, IOptions<MfaOptions> options)
            : this(client, (options ?? throw new ArgumentNullException(nameof(options))).Value, null)
        {
        }

        private MfaService(IMfaClient client, MfaOptions options, IDisposable? owned)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            _owned = owned;
        }

        /// <summary>The generated client, for the full calls (<c>*Async</c> and <c>*WithHttpInfoAsync</c>).</summary>
        public IMfaClient Client { get; }

        /// <summary>
        /// Builds a ready service without DI: validates the options, and creates its own pooled HTTP handler with the
        /// authentication the options select. Dispose it when the application stops; create one per application, not per call.
        /// </summary>
        /// <param name="options">The settings; checked like at DI start-up.</param>
        /// <param name="primaryHandler">The handler at the end of the pipeline (a test double or the sandbox); null for a pooled socket handler.</param>
        /// <param name="loggerFactory">Where the client logs; null for no logging.</param>
        /// <param name="timeProvider">The clock for OAuth2 token expiry; null for the system clock.</param>
        /// <returns>The service; its <see cref="Client"/> is the generated client on the same pipeline.</returns>
        /// <exception cref="OptionsValidationException">The options break a rule; the message names each setting.</exception>
        public static MfaService Create(MfaOptions options, HttpMessageHandler? primaryHandler = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        {
            MfaOptionsValidator.ThrowIfInvalid(options);
            var pipeline = MfaHandlerChain.BuildStandalone(options, primaryHandler, loggerFactory, timeProvider ?? TimeProvider.System);
            return new MfaService(new MfaClient(pipeline.Pipeline), options, pipeline);
        }

        /// <inheritdoc />
        public Task<MessagingCodeResponse> SendSmsCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
        {
            var request = BuildCodeRequest(to, scope, _options.Scope, overrides, _options.Messaging, "Messaging");
            return Client.GenerateMessagingCodeAsync(AccountIdOf(overrides?.AccountId), request, cancellationToken);
        }

        /// <inheritdoc />
        public Task<VoiceCodeResponse> SendVoiceCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
        {
            var request = BuildCodeRequest(to, scope, _options.Scope, overrides, _options.Voice, "Voice");
            return Client.GenerateVoiceCodeAsync(AccountIdOf(overrides?.AccountId), request, cancellationToken);
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
            return response?.Valid ?? throw new MfaInvalidResponseException("verifyCode", 200, "the answer has no 'valid' (true or false), so the code was not verified", null);
        }

        /// <summary>Releases the HTTP pipeline when this instance was built by <see cref="Create"/>; otherwise does nothing.</summary>
        public void Dispose()
        {
            _owned?.Dispose();
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
