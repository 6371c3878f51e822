using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// A transport failure as this runtime's <see cref="HttpClient"/> reports it: .NET 8 and later say what failed in
/// <c>HttpRequestError</c>; .NET Framework and Mono wrap a <see cref="WebException"/> whose status says it.
/// </summary>
public static class TransportFailures
{
    /// <summary>The connection could not be made: nothing was sent.</summary>
    public static HttpRequestException ConnectionError(string message, SocketException? socket = null)
    {
#if NET8_0_OR_GREATER
        return new HttpRequestException(HttpRequestError.ConnectionError, message, socket);
#else
        return new HttpRequestException(message, new WebException(message, socket, WebExceptionStatus.ConnectFailure, null));
#endif
    }

    /// <summary>The connection broke after the request was written: the server may have acted on it.</summary>
    public static HttpRequestException ResponseEnded(string message)
    {
#if NET8_0_OR_GREATER
        return new HttpRequestException(HttpRequestError.ResponseEnded, message);
#else
        return new HttpRequestException(message, new WebException(message, WebExceptionStatus.ReceiveFailure));
#endif
    }
}
