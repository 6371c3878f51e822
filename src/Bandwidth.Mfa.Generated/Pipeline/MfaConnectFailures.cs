#if !NET8_0_OR_GREATER
using System;
using System.Net;
using System.Net.Http;
using System.Reflection;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// For the netstandard2.0 build: whether a transport failure happened before any byte of the request was sent, as
    /// the runtime this build runs on reports it. Found by running the suite on each target: on .NET Framework and Mono
    /// a refused or unresolvable connection is an <see cref="HttpRequestException"/> over a <see cref="WebException"/>
    /// (no <c>SocketException</c>); on .NET 8 and later it may carry only <c>HttpRequestException.HttpRequestError</c>,
    /// a property this build can only read by name.
    /// </summary>
    internal static class MfaConnectFailures
    {
        // HttpRequestException.HttpRequestError (.NET 8 and later), or null on runtimes without it. Read-only once set.
        private static readonly PropertyInfo? HttpRequestErrorProperty =
            typeof(HttpRequestException).GetProperty("HttpRequestError", BindingFlags.Public | BindingFlags.Instance);

        internal static bool FailedBeforeSending(HttpRequestException exception)
        {
            if (HttpRequestErrorProperty != null)
            {
                // The enum's names: ConnectionError, NameResolutionError, SecureConnectionError, ProxyTunnelError.
                switch (HttpRequestErrorProperty.GetValue(exception)?.ToString())
                {
                    case "ConnectionError":
                    case "NameResolutionError":
                    case "SecureConnectionError":
                    case "ProxyTunnelError":
                        return true;
                }
            }

            for (Exception? inner = exception.InnerException; inner != null; inner = inner.InnerException)
            {
                if (inner is WebException web)
                {
                    switch (web.Status)
                    {
                        case WebExceptionStatus.ConnectFailure:
                        case WebExceptionStatus.NameResolutionFailure:
                        case WebExceptionStatus.ProxyNameResolutionFailure:
                        case WebExceptionStatus.SecureChannelFailure:
                        case WebExceptionStatus.TrustFailure:
                            return true;
                    }
                }
            }

            return false;
        }
    }
}
#endif
