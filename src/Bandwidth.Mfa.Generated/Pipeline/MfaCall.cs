using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// Everything one call knows about itself, created once per call by <see cref="MfaPipeline"/> and carried on the
    /// request's options (the way Microsoft.Extensions.Http.Resilience carries its context), so every handler of the
    /// client reads the same object: the operation, how far the request got, the secrets it carries (for scrubbing
    /// echoes of them), how many attempts were made, and, for the <c>*WithHttpInfoAsync</c> forms, the status and
    /// headers of the answer. Exceptions are built from it, so each one names its operation.
    /// </summary>
    internal sealed class MfaCall
    {
        private const string OptionsKey = "Bandwidth.Mfa.Call";
#if NET5_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<MfaCall> Key = new HttpRequestOptionsKey<MfaCall>(OptionsKey);
#endif

        private readonly object _attemptGate = new object();
        private string[]? _credentialSecrets;
        private MfaScrubber? _scrubber;
        private int _attemptsInFlight;
        private bool _mayHaveBeenActedOn;
        private bool _retryPermitted;
        private string? _actedOnBecause;

        internal MfaCall(MfaOperation operation, string? codeSecret, TimeProvider time, TimeSpan timeout)
        {
            Operation = operation;
            CodeSecret = codeSecret;
            Time = time;
            Timeout = timeout;
            StartedAt = Stopwatch.GetTimestamp();
        }

        /// <summary>The operation from the spec.</summary>
        internal MfaOperation Operation { get; }

        /// <summary>The operation id, as every exception and log line names it.</summary>
        internal string OperationId => Operation.Id;

        /// <summary>The clock for everything time-dependent in the call (Retry-After, token expiry).</summary>
        internal TimeProvider Time { get; }

        /// <summary>The call's timeout (the HTTP client's), for messages.</summary>
        internal TimeSpan Timeout { get; }

        /// <summary>When the call started (<see cref="Stopwatch"/> ticks).</summary>
        internal long StartedAt { get; }

        /// <summary>How many times the request was handed to the transport (more than one only with opt-in retries).</summary>
        internal int Attempts { get; private set; }

        /// <summary>The secret of the request body (the verification code of a verify), or null.</summary>
        internal string? CodeSecret { get; }

        /// <summary>The request body the call sends (a DTO of the spec), for handlers that act on what is sent (the send guard).</summary>
        internal object? Body { get; set; }

        /// <summary>The values of the path parameters, in the order of <see cref="MfaOperation.PathParameters"/>.</summary>
        internal string?[]? PathValues { get; set; }

        /// <summary>The value of the path parameter <paramref name="name"/>, or null.</summary>
        internal string? PathValue(string name)
        {
            var index = Array.IndexOf(Operation.PathParameters, name);
            return index >= 0 && PathValues != null && index < PathValues.Length ? PathValues[index] : null;
        }

        /// <summary>The call's span, or null when nobody listens to the <c>Bandwidth.Mfa</c> activity source.</summary>
        internal Activity? Activity { get; set; }

        /// <summary>The HTTP status of the answer, once one arrived.</summary>
        internal int Status { get; set; }

        /// <summary>The answer's headers, collected for the <c>*WithHttpInfoAsync</c> forms and for errors.</summary>
        internal IReadOnlyDictionary<string, IEnumerable<string>>? Headers { get; set; }

        /// <summary>The call a request belongs to, or null for a request the client did not make.</summary>
        internal static MfaCall? Of(HttpRequestMessage? request)
        {
            if (request == null)
            {
                return null;
            }

#if NET5_0_OR_GREATER
            return request.Options.TryGetValue(Key, out var call) ? call : null;
#else
            return request.Properties.TryGetValue(OptionsKey, out var call) ? call as MfaCall : null;
#endif
        }

        /// <summary>Puts this call on its request's options.</summary>
        internal void AttachTo(HttpRequestMessage request)
        {
#if NET5_0_OR_GREATER
            request.Options.Set(Key, this);
#else
            request.Properties[OptionsKey] = this;
#endif
        }

        /// <summary>
        /// Called by the client's innermost handler (the one right in front of the primary handler) for every attempt, just
        /// before the transport gets the request. Returns null and counts the attempt when it may go; otherwise returns why
        /// it may not: a second attempt of a send (<c>generateMessagingCode</c>, <c>generateVoiceCode</c>) while an earlier
        /// attempt may have reached the server (it is still on the wire, it got a 2xx, 502 or 504, or it failed after its
        /// bytes may have left), unless the client's own retry permitted it (<see cref="PermitRetry"/>). Verify calls, and
        /// sends whose earlier attempts surely never reached the server or were refused by it (connection refused, a 4xx
        /// or 500 the service answered), may go again. Safe for concurrent attempts (a hedging handler).
        /// </summary>
        internal string? BeginAttempt()
        {
            lock (_attemptGate)
            {
                if (Attempts > 0 && Operation.IsSend && !_retryPermitted && (_mayHaveBeenActedOn || _attemptsInFlight > 0))
                {
                    return _attemptsInFlight > 0 ? "an earlier attempt was still on the wire" : _actedOnBecause ?? "an earlier attempt may have reached the server";
                }

                _retryPermitted = false;
                Attempts++;
                _attemptsInFlight++;
                return null;
            }
        }

        /// <summary>
        /// Called by the client's own opt-in retry (<c>MfaRetryHandler</c>) before it sends the call again: its documented
        /// rules already decided that this one more attempt is safe (or that the caller accepted the risk with
        /// <c>RetrySendsOnServerErrors</c>), so the next attempt is not refused.
        /// </summary>
        internal void PermitRetry()
        {
            lock (_attemptGate)
            {
                _retryPermitted = true;
            }
        }

        /// <summary>
        /// Called by the client's innermost handler when an attempt got an answer. An answer the service may have acted on
        /// (any 2xx; a gateway's 502 or 504, which can hide a send that happened) marks the whole call, whatever later
        /// attempts get; an error the service answered (401, 429, 500, ...) does not.
        /// </summary>
        internal void RecordAnswer(int status)
        {
            lock (_attemptGate)
            {
                _attemptsInFlight = Math.Max(0, _attemptsInFlight - 1);
                if (MayHaveBeenActedOn(status))
                {
                    _mayHaveBeenActedOn = true;
                    _actedOnBecause = "an earlier attempt got HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }

        /// <summary>Called by the client's innermost handler when an attempt failed in transport (or was cancelled there).</summary>
        internal void RecordFailure(Exception failure)
        {
            lock (_attemptGate)
            {
                _attemptsInFlight = Math.Max(0, _attemptsInFlight - 1);
                if (!(failure is HttpRequestException transport && FailedToConnect(transport)))
                {
                    _mayHaveBeenActedOn = true;
                    _actedOnBecause = failure is OperationCanceledException
                        ? "an earlier attempt timed out or was cancelled after the request was handed over"
                        : "an earlier attempt failed after the request was handed over";
                }
            }
        }

        /// <summary>Whether an answer with this status means the service may have acted on the request.</summary>
        internal static bool MayHaveBeenActedOn(int status) => (status >= 200 && status < 300) || status == 502 || status == 504;

        /// <summary>
        /// Records the credentials an authentication handler put on the request (password, token, their header forms).
        /// The array is the handler's, shared across calls, never copied; a refreshed token replaces it.
        /// </summary>
        internal void UseCredentialSecrets(string[] secrets)
        {
            if (!ReferenceEquals(_credentialSecrets, secrets))
            {
                _credentialSecrets = secrets;
                _scrubber = null;
            }
        }

        /// <summary>Scrubs the call's secrets out of text a server sent back (built on first use: most calls never need it).</summary>
        internal MfaScrubber Scrubber
        {
            get
            {
                if (_scrubber == null)
                {
                    var secrets = new List<string?>();
                    if (_credentialSecrets != null)
                    {
                        secrets.AddRange(_credentialSecrets);
                    }

                    secrets.Add(CodeSecret);
                    _scrubber = new MfaScrubber(secrets);
                }

                return _scrubber;
            }
        }

        /// <summary>Time since the call started.</summary>
        internal TimeSpan Elapsed => TimeSpan.FromTicks((long)((Stopwatch.GetTimestamp() - StartedAt) * ((double)TimeSpan.TicksPerSecond / Stopwatch.Frequency)));

        /// <summary>
        /// Whether the service may have received and acted on the request, after <paramref name="failure"/> (null: no
        /// transport error, for example a timeout), over every attempt of the call. The one place this is decided: true
        /// once any attempt got an answer the service may have acted on (2xx, 502, 504) or failed after its bytes may have
        /// left; otherwise true only while an attempt is on the wire and did not fail to connect (refused, unreachable,
        /// name resolution, TLS handshake). False when nothing reached the transport, for example while an OAuth2 token
        /// was fetched or refreshed after a 401.
        /// </summary>
        internal bool MayHaveReachedServer(Exception? failure)
        {
            if (_mayHaveBeenActedOn)
            {
                return true;
            }

            if (Volatile.Read(ref _attemptsInFlight) == 0)
            {
                return false;
            }

            return !(failure is HttpRequestException transport) || !FailedToConnect(transport);
        }

        /// <summary>Whether an answer with <paramref name="status"/>, the last of the call, means the request may have been acted on.</summary>
        internal bool MayHaveReachedServerAnswered(int status) => _mayHaveBeenActedOn || MayHaveBeenActedOn(status);

        private static bool FailedToConnect(HttpRequestException exception)
        {
#if NET8_0_OR_GREATER
            switch (exception.HttpRequestError)
            {
                case HttpRequestError.ConnectionError:
                case HttpRequestError.NameResolutionError:
                case HttpRequestError.SecureConnectionError:
                case HttpRequestError.ProxyTunnelError:
                    return true;
            }
#else
            // The netstandard2.0 build: .NET Framework and Mono say it with a WebException, .NET 8 and later (running
            // this build) with an HttpRequestError that this build cannot name.
            if (MfaConnectFailures.FailedBeforeSending(exception))
            {
                return true;
            }
#endif
            for (Exception? inner = exception.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    switch (socket.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.HostUnreachable:
                        case SocketError.NetworkUnreachable:
                        case SocketError.TryAgain:
                            return true;
                    }
                }
            }

            return false;
        }
    }
}
