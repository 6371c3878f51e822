using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Testing.Internal;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>Injected failures: which request takes one, and the answer (or the missing answer) it makes.</summary>
    public sealed partial class MfaSandbox
    {
        private async Task<SandboxAnswer> FailAsync(MfaSandboxFailure failure, SandboxRoute route, string? scheme, DateTimeOffset receivedAt, CancellationToken cancellationToken)
        {
            switch (failure.Kind)
            {
                case MfaSandboxFailure.FailureKind.ServiceError:
                    return SandboxAnswer.Error(failure.StatusCode, failure.Body ?? "Internal Error");
                case MfaSandboxFailure.FailureKind.ConnectionFailure:
                    Record(route, scheme, null, null, receivedAt);
                    throw ConnectionRefused();
                case MfaSandboxFailure.FailureKind.Timeout:
                    try
                    {
                        // Task.Delay takes at most int.MaxValue milliseconds (about 24 days) on every target; a longer hold
                        // means "until the caller gives up".
                        var hold = failure.MaxWait.TotalMilliseconds > int.MaxValue ? System.Threading.Timeout.InfiniteTimeSpan : failure.MaxWait;
                        await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        Record(route, scheme, null, null, receivedAt);
                        throw;
                    }

                    return SandboxAnswer.Raw(failure.StatusCode, failure.Body, failure.ContentType, null);
                default:
                    return SandboxAnswer.Raw(failure.StatusCode, failure.Body, failure.ContentType, failure.RetryAfter);
            }
        }

        private MfaSandboxFailure? TakeFailure(MfaSandboxOperation operation)
        {
            MfaSandboxFailure? taken = null;
            lock (_gate)
            {
                for (var i = 0; i < _failures.Count; i++)
                {
                    var pending = _failures[i];
                    if (pending.AppliesTo(operation))
                    {
                        if (--pending.Remaining == 0)
                        {
                            _failures.RemoveAt(i);
                        }

                        taken = pending.Failure;
                        break;
                    }
                }
            }

            return taken;
        }

        private static HttpRequestException ConnectionRefused()
        {
            const string Text = "Connection refused (simulated by the MFA sandbox).";
            var socket = new SocketException((int)SocketError.ConnectionRefused);
#if NET8_0_OR_GREATER
            return new HttpRequestException(HttpRequestError.ConnectionError, Text, socket);
#else
            return new HttpRequestException(Text, socket);
#endif
        }
    }
}
