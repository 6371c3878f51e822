// Hand-written seam of the generated client (not generated).
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// What one call of the generated client knows about itself: its operation and, for the
    /// <c>*WithHttpInfoAsync</c> forms, the status code and headers of the answer. It flows with the
    /// asynchronous call, so the generated methods, the pipeline and the exceptions all see the same one.
    /// </summary>
    internal sealed class MfaCallContext
    {
        // Per-call state lives on the request's options where it can; this context only points at the request, for the
        // exceptions that the generated code builds without it.
        private static readonly AsyncLocal<MfaCallContext?> CurrentContext = new AsyncLocal<MfaCallContext?>();

        private bool _capture;

        internal static MfaCallContext? Current => CurrentContext.Value;

        internal string? Operation { get; private set; }

        internal int StatusCode { get; private set; }

        internal IReadOnlyDictionary<string, IEnumerable<string>>? Headers { get; private set; }

        /// <summary>Starts a call whose status code and headers the caller wants back.</summary>
        internal static MfaCallContext BeginCapture()
        {
            var context = new MfaCallContext { _capture = true };
            CurrentContext.Value = context;
            return context;
        }

        /// <summary>
        /// The request of the current operation: its options carry the secrets that exceptions built by the generated
        /// code scrub from the service's text (see <see cref="MfaScrubber.ForCurrentCall"/>).
        /// </summary>
        internal HttpRequestMessage? Request { get; private set; }

        /// <summary>Marks the start of an operation; called by the generated method just before it sends.</summary>
        internal static void Enter(string operation, HttpRequestMessage request, object? body = null)
        {
            if (body is IMfaSecretBody secretBody && secretBody.Secret is string secret)
            {
                MfaRequestOptions.SetCodeSecret(request, secret);
            }

            var context = CurrentContext.Value;
            if (context == null || context.Operation != null)
            {
                context = new MfaCallContext();
                CurrentContext.Value = context;
            }

            context.Operation = operation;
            context.Request = request;
            MfaRequestOptions.SetOperation(request, operation);
        }

        internal void Capture(HttpResponseMessage response)
        {
            if (!_capture)
            {
                return;
            }

            StatusCode = (int)response.StatusCode;
            Headers = MfaHeaders.From(response);
        }

        internal MfaResponse<T> ToResponse<T>(T result)
        {
            return new MfaResponse<T>(StatusCode, Headers ?? MfaHeaders.Empty, result);
        }
    }
}
