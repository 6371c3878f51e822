using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Composition;
using Bandwidth.Mfa.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The short calls of <see cref="IMfaService"/> for applications without dependency injection (with DI, resolve
    /// <see cref="IMfaService"/> from <c>AddBandwidthMfa</c>). <see cref="Create"/> builds the whole client, with the same
    /// handler chain as DI; dispose the instance when the application stops.
    /// </summary>
    public sealed class MfaService : IMfaService, IDisposable
    {
        private readonly MfaShortCalls _calls;
        private readonly MfaHandlerChain.Standalone? _owned;

        /// <summary>Creates the short calls over a client you built or mocked; <see cref="Dispose"/> then does nothing.</summary>
        /// <param name="client">The client.</param>
        /// <param name="options">The defaults.</param>
        /// <exception cref="ArgumentNullException"><paramref name="client"/> or <paramref name="options"/> is null.</exception>
        public MfaService(IMfaClient client, IOptions<MfaOptions> options)
            : this(client, (options ?? throw new ArgumentNullException(nameof(options))).Value, null)
        {
        }

        private MfaService(IMfaClient client, MfaOptions options, MfaHandlerChain.Standalone? owned)
        {
            _calls = new MfaShortCalls(client, options);
            _owned = owned;
        }

        /// <summary>The client, for the full calls (<c>*Async</c> and <c>*WithHttpInfoAsync</c>).</summary>
        public IMfaClient Client => _calls.Client;

        /// <summary>
        /// Builds a ready service without DI: validates the options, and creates its own pooled HTTP handler (which never
        /// follows redirects) with the authentication the options select. Create one per application, not per call.
        /// </summary>
        /// <param name="options">The settings; checked like at DI start-up.</param>
        /// <param name="primaryHandler">The handler at the end of the pipeline (a test double or the sandbox); null for a pooled socket handler.</param>
        /// <param name="loggerFactory">Where the client logs; null for no logging.</param>
        /// <param name="timeProvider">The clock for OAuth2 token expiry, retry waits and <c>Retry-After</c>; null for the system clock.</param>
        /// <returns>The service; its <see cref="Client"/> is the full client on the same pipeline.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        /// <exception cref="OptionsValidationException">The options break a rule; the message names each setting.</exception>
        public static MfaService Create(MfaOptions options, HttpMessageHandler? primaryHandler = null, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
        {
            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            MfaOptionsValidator.ThrowIfInvalid(options);
            var standalone = MfaHandlerChain.BuildStandalone(options, primaryHandler, loggerFactory, timeProvider ?? TimeProvider.System);
            return new MfaService(standalone.Client, options, standalone);
        }

        /// <inheritdoc />
        public Task<MessagingCodeResponse> SendSmsCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
            => _calls.SendSmsCodeAsync(to, scope, overrides, cancellationToken);

        /// <inheritdoc />
        public Task<VoiceCodeResponse> SendVoiceCodeAsync(string to, string? scope = null, MfaSendOverrides? overrides = null, CancellationToken cancellationToken = default)
            => _calls.SendVoiceCodeAsync(to, scope, overrides, cancellationToken);

        /// <inheritdoc />
        public Task<bool> VerifyCodeAsync(string to, string code, string? scope = null, MfaVerifyOverrides? overrides = null, CancellationToken cancellationToken = default)
            => _calls.VerifyCodeAsync(to, code, scope, overrides, cancellationToken);

        /// <summary>The handler chain <see cref="Create"/> built (null otherwise), for the composition tests.</summary>
        internal MfaHandlerChain.Standalone? Owned => _owned;

        /// <summary>Releases the HTTP client and handlers when this instance was built by <see cref="Create"/>; otherwise does nothing.</summary>
        public void Dispose()
        {
            _owned?.Dispose();
        }
    }
}
