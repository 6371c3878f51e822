using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Diagnostics;
using Bandwidth.Mfa.Errors;
using Bandwidth.Mfa.Validation;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// The one path of every call: validate the request against the spec, build it with its <see cref="MfaCall"/>, send it
    /// through the client's handler chain (authentication, opt-in retry, the transport handler), refuse a redirect, read
    /// the body into memory within the timeout and the size cap, and turn the answer into the result or into one
    /// exception of the <see cref="MfaException"/> family, writing exactly one log line. It never retries.
    /// </summary>
    internal sealed partial class MfaPipeline
    {
        private readonly HttpClient _http;
        private readonly ILogger _logger;
        private readonly TimeProvider _time;
        private readonly JsonSerializer _serializer;
        private readonly MfaClientTelemetry? _telemetry;
        private readonly string _clientName;
        private readonly MfaPipelineShared _shared;

        /// <summary>Creates the pipeline over a client whose handler chain was built by the composition root.</summary>
        /// <param name="http">The client; its <c>BaseAddress</c> ends with '/' and its <c>Timeout</c> bounds each call.</param>
        /// <param name="logger">Where the call lines go; null for none.</param>
        /// <param name="time">The clock for time-dependent values of the answer.</param>
        /// <param name="telemetry">The client's name, instruments and health tracker; null for spans only, tagged <c>default</c>.</param>
        internal MfaPipeline(HttpClient http, ILogger? logger, TimeProvider time, MfaClientTelemetry? telemetry = null)
            : this(http, new MfaPipelineShared(logger, time, telemetry))
        {
        }

        /// <summary>Creates the pipeline over a client, with what the client's pipelines share (built once per client).</summary>
        /// <param name="http">The client; its <c>BaseAddress</c> ends with '/' and its <c>Timeout</c> bounds each call.</param>
        /// <param name="shared">The serializer, logger, clock, telemetry and resolved URIs of the client.</param>
        internal MfaPipeline(HttpClient http, MfaPipelineShared shared)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _shared = shared ?? throw new ArgumentNullException(nameof(shared));
            _telemetry = shared.Telemetry;
            _clientName = shared.ClientName;
            _logger = shared.Logger;
            _time = shared.Time;
            _serializer = shared.Serializer;
        }

        /// <summary>Sends one call and returns the parsed success body.</summary>
        internal Task<TResult> SendAsync<TResult>(MfaOperation<TResult> operation, string?[] pathValues, object? body, CancellationToken cancellationToken)
            where TResult : class
        {
            return SendCoreAsync(operation, pathValues, body, null, cancellationToken);
        }

        /// <summary>Sends one call and returns the parsed success body with the status and headers.</summary>
        internal async Task<MfaResponse<TResult>> SendWithHttpInfoAsync<TResult>(MfaOperation<TResult> operation, string?[] pathValues, object? body, CancellationToken cancellationToken)
            where TResult : class
        {
            var capture = new MfaCapture();
            var result = await SendCoreAsync(operation, pathValues, body, capture, cancellationToken).ConfigureAwait(false);
            return new MfaResponse<TResult>(capture.Status, capture.Headers ?? MfaHeaders.Empty, result);
        }

        private async Task<TResult> SendCoreAsync<TResult>(MfaOperation<TResult> operation, string?[] pathValues, object? body, MfaCapture? capture, CancellationToken cancellationToken)
            where TResult : class
        {
            // Before anything is built or sent: a request that breaks the spec names the field and the rule.
            var baseAddress = _http.BaseAddress;
            var uri = _shared.Resolve(operation, pathValues, baseAddress);
            if (body == null)
            {
                throw new ArgumentNullException(nameof(body));
            }

            MfaRequestValidator.Validate(body);
            var call = new MfaCall(operation, (body as IMfaSecretBody)?.Secret, _time, _http.Timeout);
            call.Body = body;
            call.PathValues = pathValues;
            // The URI was resolved against the base address above (once per client, operation and account, by the shared
            // state), as HttpClient would resolve it: HttpClient then leaves it as it is, and the redirect checks compare
            // the very URI that was sent.

            // The call's span, current for the whole call so that the HttpClient's own span is its child; null (and no tag
            // work at all) when nobody listens.
            var activity = MfaTelemetry.Source.StartActivity(operation.SpanName, ActivityKind.Client);
            if (activity != null)
            {
                call.Activity = activity;
                if (activity.IsAllDataRequested)
                {
                    TagStart(activity, operation, baseAddress, uri);
                }
            }

            TResult result;
            try
            {
                using (var request = new HttpRequestMessage(operation.Method, uri))
                {
                    request.Headers.TryAddWithoutValidation("Accept", "application/json");
                    request.Content = MfaBody.Serialize(body, _serializer);
                    call.AttachTo(request);

                    HttpResponseMessage response;
                    try
                    {
                        response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (!(exception is OperationCanceledException) || !cancellationToken.IsCancellationRequested)
                    {
                        throw Fail(call, exception);
                    }
                    catch (OperationCanceledException)
                    {
                        MfaLog.Cancelled(_logger, call);
                        throw;
                    }

                    using (response)
                    {
                        // A redirect never gets here: MfaTransportHandler, the client's innermost handler, refused it.
                        call.Status = (int)response.StatusCode;
                        if (capture != null || !operation.IsSuccess(call.Status))
                        {
                            call.Headers = MfaHeaders.From(response);
                        }

                        ArraySegment<byte> bytes;
                        var tooLarge = false;
                        try
                        {
                            bytes = await MfaBody.ReadAsync(response.Content, call, _http.Timeout, cancellationToken).ConfigureAwait(false);
                        }
                        catch (MfaBody.BodyTooLargeException)
                        {
                            bytes = new ArraySegment<byte>(Array.Empty<byte>());
                            tooLarge = true;
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            MfaLog.Cancelled(_logger, call);
                            throw;
                        }
                        catch (Exception exception)
                        {
                            throw FailReadingBody(call, exception);
                        }

                        result = Complete(operation, call, response, bytes, tooLarge);
                        capture?.From(call);
                    }
                }
            }
            catch (Exception exception)
            {
                End(call, null, exception, cancellationToken);
                throw;
            }

            End(call, result, null, cancellationToken);
            return result;
        }

        /// <summary>Turns the answer into the result, or throws the exception of the family; logs the call.</summary>
        private TResult Complete<TResult>(MfaOperation<TResult> operation, MfaCall call, HttpResponseMessage response, ArraySegment<byte> body, bool tooLarge)
            where TResult : class
        {
            var status = call.Status;
            if (operation.IsSuccess(status))
            {
                if (tooLarge)
                {
                    throw Unusable(call, "the body is larger than " + MfaBody.MaxBytes + " bytes", null);
                }

                TResult? value;
                try
                {
                    value = MfaBody.Read<TResult>(body, _serializer);
                }
                catch (JsonException parseFailure)
                {
                    throw Unusable(call, "the body is not " + typeof(TResult).Name + " as JSON (" + "Content-Type: " + (call.Scrubber.ServerText(response.Content?.Headers.ContentType?.MediaType) ?? "none") + ")", parseFailure);
                }

                if (value == null)
                {
                    throw Unusable(call, (body.Count == 0 || MfaBody.Decode(body).Trim().Length == 0
                        ? "the body is empty" : "the body is JSON null") + "; expected " + typeof(TResult).Name + " as JSON", null);
                }

                var problem = (value as IMfaSuccessRules)?.ProblemOfSuccess();
                if (problem != null)
                {
                    throw Unusable(call, problem, null);
                }

                MfaLog.Completed(_logger, call, null);
                return value;
            }

            var error = operation.ErrorFor(status);
            var exception = error != null
                ? error.CreateException(call, body, _serializer)
                : new MfaApiException(MfaErrorDetails.Read(call, body, null), "The HTTP status code of the response was not expected (" + status + ").");
            if (status >= 200 && status < 300)
            {
                // An undocumented success status: the service took the request, but the client cannot use the answer.
                MfaLog.Failed(_logger, call, "undocumented status", status, true);
            }
            else
            {
                MfaLog.Completed(_logger, call, exception.RequestId);
            }

            throw exception;
        }
    }
}
