using System.Globalization;
using Bandwidth.Mfa.Pipeline;

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
        /// <summary>Creates the exception, for test doubles.</summary>
        /// <param name="operation">The operation id, if known.</param>
        /// <param name="status">The 3xx status, or the status of the final answer when the handler followed the redirect.</param>
        /// <param name="redirectOrigin">The origin the answer pointed to (<c>scheme://host:port</c>), or null when it named none.</param>
        /// <param name="wasFollowed">Whether the HTTP handler followed the redirect before the client saw it.</param>
        public MfaRedirectException(string? operation, int status, string? redirectOrigin, bool wasFollowed)
            : base(Compose(operation, status, redirectOrigin, wasFollowed), operation, status, true, null)
        {
            RedirectOrigin = redirectOrigin;
            WasFollowed = wasFollowed;
        }

        internal MfaRedirectException(MfaCall call, int status, string? redirectOrigin, bool wasFollowed)
            : base(call, Compose(call.OperationId, status, redirectOrigin, wasFollowed), status, true, null)
        {
            RedirectOrigin = redirectOrigin;
            WasFollowed = wasFollowed;
        }

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
}
