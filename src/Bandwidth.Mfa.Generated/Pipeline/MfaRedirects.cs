using System;
using System.Globalization;
using System.Net.Http;
using Bandwidth.Mfa.Diagnostics;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>Tells whether an answer came from a redirect, for the pipeline and the client's innermost handler.</summary>
    internal static class MfaRedirects
    {
        /// <summary>
        /// The exception for an answer that is a 3xx, or that a handler got by following a redirect (the request's URI or
        /// method differ from what was sent); null for an ordinary answer.
        /// </summary>
        /// <param name="call">The call.</param>
        /// <param name="sentUri">The absolute URI that was sent.</param>
        /// <param name="sentMethod">The method that was sent.</param>
        /// <param name="response">The answer.</param>
        internal static MfaRedirectException? Check(MfaCall call, Uri? sentUri, HttpMethod sentMethod, HttpResponseMessage response)
        {
            var status = (int)response.StatusCode;
            var final = response.RequestMessage;
            var finalUri = final?.RequestUri;
            var followed = final != null && (!Equals(final.Method, sentMethod)
                || (sentUri != null && finalUri != null && !ReferenceEquals(sentUri, finalUri) && finalUri.IsAbsoluteUri
                    && Uri.Compare(sentUri, finalUri, UriComponents.HttpRequestUrl, UriFormat.UriEscaped, StringComparison.Ordinal) != 0));
            if (followed)
            {
                return new MfaRedirectException(call, status, OriginOf(finalUri), true);
            }

            if (status >= 300 && status < 400)
            {
                var location = response.Headers.Location;
                if (location != null && !location.IsAbsoluteUri && sentUri != null)
                {
                    location = Uri.TryCreate(sentUri, location, out var resolved) ? resolved : null;
                }

                return new MfaRedirectException(call, status, OriginOf(location), false);
            }

            return null;
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
