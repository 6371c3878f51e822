using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing.Internal;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>One request through the sandbox: its route, credentials and body, the answer, the request log and the bounded histories.</summary>
    public sealed partial class MfaSandbox
    {
        /// <summary>What the sandbox holds right now, as it is (nothing expired is dropped first); for the tests of its memory bound.</summary>
        internal SandboxStateCounts StateCounts
        {
            get
            {
                lock (_gate)
                {
                    return new SandboxStateCounts(
                        _codes.Count, _codes.KeyCount, _attempts.Count, _attempts.QueuedCount, _outbox.Count, _verifications.Count, _requests.Count, _failures.Count);
                }
            }
        }

        /// <summary>Answers one request; called by the handlers from <see cref="CreateHandler"/>.</summary>
        internal async Task<HttpResponseMessage> HandleAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var route = SandboxRoute.Of(request);
            var scheme = request.Headers.Authorization?.Scheme;
            var body = await ReadBodyAsync(request.Content).ConfigureAwait(false);
            var receivedAt = TimeProvider.GetUtcNow();
            var failure = TakeFailure(route.Operation);
            try
            {
                SandboxAnswer? answer = null;
                if (failure == null || failure.AfterProcessing)
                {
                    answer = Process(route, request, body, receivedAt);
                    if (failure != null)
                    {
                        // The request was acted on (a code stored, say) before its answer fails: observers see that now,
                        // not only when a held answer ends.
                        OnChanged();
                    }
                }

                if (failure != null)
                {
                    answer = await FailAsync(failure, route, scheme, receivedAt, cancellationToken).ConfigureAwait(false);
                }

                Record(route, scheme, (int)answer!.Status, answer.RequestId, receivedAt);
                return answer.ToResponse(request);
            }
            finally
            {
                // Every request changes what the sandbox shows (the request log at least), whatever its outcome.
                OnChanged();
            }
        }

        /// <summary>The body as text in its declared character set; null when there is none or the set is unknown (then a 400, like a body that is no JSON).</summary>
        private static async Task<string?> ReadBodyAsync(HttpContent? content)
        {
            if (content == null)
            {
                return null;
            }

            try
            {
                return await content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // HttpContent's answer to a charset it cannot decode ("charset=no-such-set").
                return null;
            }
        }

        private SandboxAnswer Process(SandboxRoute route, HttpRequestMessage request, string? body, DateTimeOffset now)
        {
            switch (route.Operation)
            {
                case MfaSandboxOperation.Unknown:
                    return route.WrongMethod ? SandboxAnswer.MethodNotAllowed() : SandboxAnswer.NotFound();
                case MfaSandboxOperation.Token:
                    return IssueToken(request, body, now);
            }

            if (!IsAuthorized(request.Headers.Authorization, route.AccountId!, now))
            {
                return SandboxAnswer.Unauthorized();
            }

            try
            {
                if (!IsMediaType(request.Content, "application/json"))
                {
                    throw new BadRequestException("Content-Type must be application/json");
                }

                var json = RequestBody.Parse(body);
                return route.Operation == MfaSandboxOperation.VerifyCode
                    ? Verify(route.AccountId!, json, now)
                    : Send(route.Operation == MfaSandboxOperation.GenerateVoiceCode ? MfaSandboxChannel.Voice : MfaSandboxChannel.Sms, route.AccountId!, json, now);
            }
            catch (BadRequestException exception)
            {
                return SandboxAnswer.Error(HttpStatusCode.BadRequest, exception.Message);
            }
        }

        private void Record(SandboxRoute route, string? scheme, int? status, string? requestId, DateTimeOffset receivedAt)
        {
            var entry = new MfaSandboxRequest(route.Operation, route.AccountId, scheme, status, requestId, receivedAt);
            lock (_gate)
            {
                Append(_requests, entry);
            }
        }

        /// <summary>Adds to one of the histories, dropping the oldest entries beyond <see cref="MfaSandboxOptions.HistoryLimit"/>. Called under the lock.</summary>
        private void Append<T>(List<T> history, T entry)
        {
            history.Add(entry);
            var limit = _options.HistoryLimit;
            if (limit.HasValue && history.Count > limit.Value)
            {
                history.RemoveRange(0, history.Count - limit.Value);
            }
        }

        /// <summary>Drops the codes and wrong-code counts that can no longer matter at <paramref name="now"/>. Called under the lock.</summary>
        private void Sweep(DateTimeOffset now)
        {
            _codes.Sweep(now);
            _attempts.Sweep(now);
        }

        private static bool IsMediaType(HttpContent? content, string mediaType)
        {
            var actual = content?.Headers.ContentType?.MediaType;
            return actual != null && string.Equals(actual, mediaType, StringComparison.OrdinalIgnoreCase);
        }
    }
}
