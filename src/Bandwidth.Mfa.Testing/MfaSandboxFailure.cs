using System;
using System.Globalization;
using System.Net;

namespace Bandwidth.Mfa.Testing
{
    /// <summary>
    /// A failure to inject with <see cref="MfaSandbox.FailNext"/>: the next matching request gets this answer instead of
    /// the normal one. Unless a factory says otherwise the request is not acted on (no code is stored, nothing reaches the
    /// outbox), as the real service does not act on requests it answers with an error.
    /// </summary>
    public sealed class MfaSandboxFailure
    {
        /// <summary>The <c>Retry-After</c> of <see cref="ServiceUnavailable"/> when none is given.</summary>
        public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(30);

        /// <summary>How long <see cref="Timeout"/> holds a request when none is given (the default <c>HttpClient.Timeout</c>).</summary>
        public static readonly TimeSpan DefaultMaxWait = TimeSpan.FromSeconds(100);

        private MfaSandboxFailure(FailureKind kind, HttpStatusCode status, string? body, string? contentType, string description)
        {
            Kind = kind;
            StatusCode = status;
            Body = body;
            ContentType = contentType;
            Description = description;
        }

        internal enum FailureKind
        {
            ServiceError,
            Answer,
            Timeout,
            ConnectionFailure,
        }

        internal FailureKind Kind { get; }

        internal HttpStatusCode StatusCode { get; }

        /// <summary>The body; for <see cref="FailureKind.ServiceError"/> the <c>error</c> text of the JSON body.</summary>
        internal string? Body { get; }

        internal string? ContentType { get; }

        internal TimeSpan? RetryAfter { get; private set; }

        internal TimeSpan MaxWait { get; private set; }

        /// <summary>Whether the sandbox acts on the request (stores the code, fills the outbox, counts the attempt) before it fails the answer.</summary>
        public bool AfterProcessing { get; private set; }

        /// <summary>What the failure does, in words.</summary>
        public string Description { get; }

        /// <summary>500 with the service's error body <c>{"error":"Internal Error","requestId":"..."}</c>.</summary>
        /// <returns>The failure.</returns>
        public static MfaSandboxFailure InternalServerError()
        {
            return new MfaSandboxFailure(FailureKind.ServiceError, HttpStatusCode.InternalServerError, "Internal Error", "application/json", "500 Internal Error");
        }

        /// <summary>503 from a gateway, <c>{"message":"Service Unavailable"}</c>, with a <c>Retry-After</c> header in seconds.</summary>
        /// <param name="retryAfter">The wait to announce; <see cref="DefaultRetryAfter"/> when null. Whole seconds, rounded up.</param>
        /// <returns>The failure.</returns>
        public static MfaSandboxFailure ServiceUnavailable(TimeSpan? retryAfter = null)
        {
            var wait = retryAfter ?? DefaultRetryAfter;
            if (wait < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(retryAfter), wait, "Must not be negative.");
            }

            return new MfaSandboxFailure(FailureKind.Answer, HttpStatusCode.ServiceUnavailable, "{\"message\":\"Service Unavailable\"}", "application/json", "503 Service Unavailable")
            {
                RetryAfter = wait,
            };
        }

        /// <summary>403 <c>{"message":"Missing Authentication Token"}</c>, as when the user has no access to MFA.</summary>
        /// <returns>The failure.</returns>
        public static MfaSandboxFailure Forbidden()
        {
            return new MfaSandboxFailure(FailureKind.Answer, HttpStatusCode.Forbidden, "{\"message\":\"Missing Authentication Token\"}", "application/json", "403 Missing Authentication Token");
        }

        /// <summary>An HTML page from a gateway instead of JSON, such as <c>502 Bad Gateway</c>.</summary>
        /// <param name="status">The status; 502 by default. A success status makes the body an unreadable success answer.</param>
        /// <param name="afterProcessing">True to act on the request first: the gateway lost the answer of a send that happened.</param>
        /// <returns>The failure.</returns>
        public static MfaSandboxFailure HtmlBody(HttpStatusCode status = HttpStatusCode.BadGateway, bool afterProcessing = false)
        {
            string reason;
            using (var sample = new System.Net.Http.HttpResponseMessage(status))
            {
                reason = sample.ReasonPhrase ?? status.ToString();
            }

            var title = ((int)status).ToString(CultureInfo.InvariantCulture) + " " + reason;
            var html = "<html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>";
            return new MfaSandboxFailure(FailureKind.Answer, status, html, "text/html", title + " with an HTML body")
            {
                AfterProcessing = afterProcessing,
            };
        }

        /// <summary>
        /// No answer: the request is held until the caller gives up (its cancellation token fires, as it does when
        /// <c>HttpClient.Timeout</c> runs out, which the client reports as <see cref="MfaTimeoutException"/>). The wait is
        /// on the real clock, like <c>HttpClient.Timeout</c>; if nobody gives up within <paramref name="maxWait"/> the sandbox
        /// answers <c>504 Gateway Timeout</c> with an HTML body.
        /// </summary>
        /// <param name="maxWait">The longest hold; <see cref="DefaultMaxWait"/> when null. Beyond what a timer can wait (about 24 days; <see cref="TimeSpan.MaxValue"/>, say), until the caller gives up.</param>
        /// <param name="afterProcessing">True to act on the request first: the send happened but its answer never came.</param>
        /// <returns>The failure.</returns>
        public static MfaSandboxFailure Timeout(TimeSpan? maxWait = null, bool afterProcessing = false)
        {
            var wait = maxWait ?? DefaultMaxWait;
            if (wait < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(maxWait), wait, "Must not be negative.");
            }

            return new MfaSandboxFailure(FailureKind.Timeout, HttpStatusCode.GatewayTimeout, "<html><body><h1>504 Gateway Time-out</h1></body></html>", "text/html", "timeout")
            {
                MaxWait = wait,
                AfterProcessing = afterProcessing,
            };
        }

        /// <summary>
        /// The connection is refused before anything is sent: the handler throws <see cref="System.Net.Http.HttpRequestException"/>,
        /// which the client reports as <see cref="MfaTransportException"/> with <see cref="MfaException.RequestMayHaveReachedServer"/> false.
        /// </summary>
        /// <returns>The failure.</returns>
        public static MfaSandboxFailure ConnectionFailure()
        {
            return new MfaSandboxFailure(FailureKind.ConnectionFailure, 0, null, null, "connection refused");
        }

        /// <summary>Any answer you choose, for cases the other factories do not cover.</summary>
        /// <param name="status">The status.</param>
        /// <param name="body">The body, or null for none.</param>
        /// <param name="contentType">The media type of the body.</param>
        /// <returns>The failure.</returns>
        public static MfaSandboxFailure Status(HttpStatusCode status, string? body, string contentType = "application/json")
        {
            return new MfaSandboxFailure(FailureKind.Answer, status, body, body == null ? null : contentType ?? "application/json", ((int)status).ToString(CultureInfo.InvariantCulture) + " (custom)");
        }

        /// <summary>Returns <see cref="Description"/>.</summary>
        /// <returns>The description.</returns>
        public override string ToString()
        {
            return Description + (AfterProcessing ? " after processing" : string.Empty);
        }
    }
}
