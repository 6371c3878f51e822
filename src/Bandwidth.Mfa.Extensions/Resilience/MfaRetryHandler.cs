using Bandwidth.Mfa.Diagnostics;
using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Bandwidth.Mfa.Resilience
{
    /// <summary>
    /// Sends a call again when <see cref="MfaRetryOptions"/> says it is safe (see there). Built on Polly's retry strategy;
    /// waits use the injected <see cref="TimeProvider"/>, so tests can move time. A redirected answer (a 3xx, or one the
    /// handler below followed) is never retried: it fails the call with <see cref="MfaRedirectException"/>.
    /// </summary>
    internal sealed class MfaRetryHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new ResiliencePropertyKey<HttpRequestMessage>("Bandwidth.Mfa.Request");
        private static readonly ResiliencePropertyKey<long> StartedKey = new ResiliencePropertyKey<long>("Bandwidth.Mfa.Started");

        private static readonly Action<ILogger, string, int, string, double, Exception?> RetryLine =
            LoggerMessage.Define<string, int, string, double>(LogLevel.Information, MfaLogEvents.CallRetried,
                "MFA {Operation} retry {Attempt} after {Reason}, waiting {DelayMs} ms");

        /// <summary>The most retries a call may make (<see cref="MfaRetryOptions.MaxRetryAttempts"/> is 0 to this); the options validator reads it too.</summary>
        internal const int MaxRetryAttemptsLimit = 5;

        private readonly MfaRetryOptions _options;
        private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
        private readonly ILogger _logger;
        private readonly TimeProvider _time;
        private readonly TimeSpan _callTimeout;

        /// <summary>Creates the handler for an <see cref="IHttpClientFactory"/> pipeline.</summary>
        /// <param name="options">The policy.</param>
        /// <param name="timeProvider">The clock for waits; <see cref="TimeProvider.System"/> when null.</param>
        /// <param name="logger">Where retries are logged; null for no logging.</param>
        /// <param name="callTimeout">
        /// The timeout of the whole call (the HttpClient's, which also runs while waiting here); a <c>Retry-After</c> that
        /// would not end before it is not waited for, so the caller gets the 429/503 instead of a timeout. Null for none.
        /// </param>
        public MfaRetryHandler(MfaRetryOptions options, TimeProvider? timeProvider = null, ILogger? logger = null, TimeSpan? callTimeout = null)
        {
            _callTimeout = callTimeout ?? System.Threading.Timeout.InfiniteTimeSpan;
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.MaxRetryAttempts < 0 || options.MaxRetryAttempts > MaxRetryAttemptsLimit)
            {
                throw new ArgumentOutOfRangeException(nameof(options), "MaxRetryAttempts must be between 0 and " + MaxRetryAttemptsLimit + ".");
            }

            _logger = logger ?? NullLogger.Instance;
            _time = timeProvider ?? TimeProvider.System;
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time };
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.BaseDelay,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Outcome, args.Context)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfterOf(args.Outcome.Result)),
                    OnRetry = args =>
                    {
                        var request = args.Context.Properties.GetValue(RequestKey, null!);
                        // The rules above decided this attempt is safe (or the caller accepted the risk): the transport
                        // handler must not refuse it as a retry from outside the client.
                        MfaCall.Of(request)?.PermitRetry();
                        if (_logger.IsEnabled(LogLevel.Information))
                        {
                            RetryLine(_logger, MfaCall.Of(request)?.OperationId ?? "call", args.AttemptNumber + 1, ReasonOf(args.Outcome), args.RetryDelay.TotalMilliseconds, null);
                        }

                        args.Outcome.Result?.Dispose();
                        return default;
                    },
                });
            }

            _pipeline = builder.Build();
        }

        /// <inheritdoc />
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(RequestKey, request);
            context.Properties.Set(StartedKey, _time.GetTimestamp());
            try
            {
                var outcome = await _pipeline.ExecuteOutcomeAsync(
                    async (ctx, state) =>
                    {
                        try
                        {
                            return Outcome.FromResult(await state.SendCoreAsync(ctx.Properties.GetValue(RequestKey, null!), ctx.CancellationToken).ConfigureAwait(false));
                        }
                        catch (Exception exception)
                        {
                            return Outcome.FromException<HttpResponseMessage>(exception);
                        }
                    },
                    context,
                    this).ConfigureAwait(false);
                outcome.ThrowIfException();
                return outcome.Result!;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // The transport handler below marks each attempt on the call and refuses redirects.
            return base.SendAsync(request, cancellationToken);
        }

        private bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
        {
            var request = context.Properties.GetValue(RequestKey, null!);
            var call = MfaCall.Of(request);
            // Anything but a verify (the spec's x-mfa-kind) is held to the rules of a send, the safe side.
            var isSend = call == null || call.Operation.IsSend;
            if (outcome.Exception is HttpRequestException transport)
            {
                // Nothing was sent: safe for every operation. Otherwise only a verify may go again.
                return (call != null && !call.MayHaveReachedServer(transport)) || !isSend;
            }

            if (outcome.Exception != null)
            {
                // Cancellation (the caller's or HttpClient's timeout) and anything else: never retried here.
                return false;
            }

            var response = outcome.Result!;
            var status = (int)response.StatusCode;
            if (status == 429 || status == (int)HttpStatusCode.ServiceUnavailable)
            {
                var wait = RetryAfterOf(response);
                return wait.HasValue && wait.Value <= _options.MaxRetryAfter && FitsInCallTimeout(wait.Value, context);
            }

            if (status == 500 || status == 502 || status == 504)
            {
                return !isSend || _options.RetrySendsOnServerErrors;
            }

            return false;
        }

        private bool FitsInCallTimeout(TimeSpan wait, ResilienceContext context)
        {
            if (_callTimeout == System.Threading.Timeout.InfiniteTimeSpan)
            {
                return true;
            }

            var elapsed = _time.GetElapsedTime(context.Properties.GetValue(StartedKey, 0L));
            return elapsed + wait < _callTimeout;
        }

        private TimeSpan? RetryAfterOf(HttpResponseMessage? response)
        {
            var retryAfter = response?.Headers.RetryAfter;
            return retryAfter == null ? null : MfaHeaders.RetryAfter(retryAfter.ToString(), _time.GetUtcNow());
        }

        private static string ReasonOf(Outcome<HttpResponseMessage> outcome)
        {
            return outcome.Exception != null ? "a transport failure" : "HTTP " + (int)outcome.Result!.StatusCode;
        }
    }
}
