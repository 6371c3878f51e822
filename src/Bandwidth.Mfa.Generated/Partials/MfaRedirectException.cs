// Hand-written seam of the generated client (not generated).
using System;
using System.Globalization;
using System.Net.Http;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The answer was a redirect (any 3xx status), or the HTTP handler followed one: the MFA API never redirects, so no
    /// answer of a redirect is ever used as a result. The client's own handlers never follow redirects, so the request
    /// went to the configured service only. When a primary handler of yours follows redirects
    /// (<see cref="WasFollowed"/> is true), the request may already have been sent again to
    /// <see cref="RedirectOrigin"/>, with its body (for a 307/308) but never with the <c>Authorization</c> header; that
    /// cannot be undone, only reported. The message names the operation and the other origin (scheme, host and port),
    /// never a path, a query, a body or a credential.
    /// </summary>
    public sealed class MfaRedirectException : MfaException
    {
        /// <summary>Creates the exception.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="statusCode">The 3xx status, or the status of the final answer when the handler followed the redirect.</param>
        /// <param name="redirectOrigin">The origin the answer pointed to (<c>scheme://host:port</c>), or null when it named none.</param>
        /// <param name="wasFollowed">Whether the HTTP handler followed the redirect before the client saw it.</param>
        public MfaRedirectException(string? operation, int statusCode, string? redirectOrigin, bool wasFollowed)
            : base(Compose(operation, statusCode, redirectOrigin, wasFollowed), operation, true, null)
        {
            StatusCode = statusCode;
            RedirectOrigin = redirectOrigin;
            WasFollowed = wasFollowed;
        }

        /// <summary>The 3xx status, or the status of the final answer when <see cref="WasFollowed"/> is true.</summary>
        public int StatusCode { get; }

        /// <inheritdoc />
        public override int? Status => StatusCode;

        /// <summary>
        /// The origin (<c>scheme://host:port</c>) the redirect pointed to, or, when it was followed, that the final answer
        /// came from; null for a 3xx without a usable <c>Location</c>.
        /// </summary>
        public string? RedirectOrigin { get; }

        /// <summary>
        /// True when the HTTP handler followed the redirect before the client saw the answer: the request may then have
        /// reached <see cref="RedirectOrigin"/> (without credentials). Set <c>AllowAutoRedirect = false</c> on a primary
        /// handler you configure to prevent it.
        /// </summary>
        public bool WasFollowed { get; }

        private static string Compose(string? operation, int statusCode, string? origin, bool followed)
        {
            var status = statusCode.ToString(CultureInfo.InvariantCulture);
            var target = origin == null ? "without a usable Location" : "to " + origin;
            return followed
                ? Describe(operation) + " was redirected " + target + " and the HTTP handler followed it (final answer HTTP " + status
                    + "); that answer was discarded. The request may have been sent there without credentials; set AllowAutoRedirect = false on your primary handler."
                : Describe(operation) + " was answered with a redirect (HTTP " + status + ") " + target
                    + "; the MFA API never redirects, so the redirect was not followed and nothing was sent there.";
        }
    }

    /// <summary>Tells whether an answer came from a redirect, for the pipeline and the client's innermost handler.</summary>
    internal static class MfaRedirects
    {
        /// <summary>
        /// The exception for an answer that is a 3xx, or that a handler got by following a redirect (the request's URI or
        /// method differ from what was sent); null for an ordinary answer.
        /// </summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="sentUri">The absolute URI that was sent.</param>
        /// <param name="sentMethod">The method that was sent.</param>
        /// <param name="response">The answer.</param>
        internal static MfaRedirectException? Check(string? operation, Uri? sentUri, HttpMethod sentMethod, HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            var final = response.RequestMessage;
            var finalUri = final?.RequestUri;
            var followed = final != null && (!Equals(final.Method, sentMethod)
                || (sentUri != null && finalUri != null && finalUri.IsAbsoluteUri
                    && Uri.Compare(sentUri, finalUri, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.Ordinal) != 0));
            if (followed)
            {
                return new MfaRedirectException(operation, status, OriginOf(finalUri), true);
            }

            if (status >= 300 && status < 400)
            {
                var location = response.Headers.Location;
                if (location != null && !location.IsAbsoluteUri && sentUri != null)
                {
                    location = Uri.TryCreate(sentUri, location, out var resolved) ? resolved : null;
                }

                return new MfaRedirectException(operation, status, OriginOf(location), false);
            }

            return null;
        }

        /// <summary>The absolute form of what will be sent: HttpClient resolves a relative URI against its base address.</summary>
        internal static Uri? Absolute(Uri? requestUri, Uri? baseAddress)
        {
            if (requestUri == null)
            {
                return baseAddress;
            }

            if (requestUri.IsAbsoluteUri || baseAddress == null)
            {
                return requestUri;
            }

            return Uri.TryCreate(baseAddress, requestUri, out var resolved) ? resolved : requestUri;
        }

        /// <summary><c>scheme://host:port</c> only; a host name that holds a phone-like number is masked.</summary>
        private static string? OriginOf(Uri? uri)
        {
            if (uri == null || !uri.IsAbsoluteUri || string.IsNullOrEmpty(uri.Host))
            {
                return null;
            }

            var host = uri.HostNameType == UriHostNameType.IPv4 || uri.HostNameType == UriHostNameType.IPv6
                ? uri.Host
                : MfaRedaction.Text(uri.Host);
            return uri.Scheme + "://" + host + ":" + uri.Port.ToString(CultureInfo.InvariantCulture);
        }
    }
}
