using System;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Bandwidth.Mfa.Redis
{
    /// <summary>
    /// Turns what StackExchange.Redis throws into an <see cref="MfaSendLimitStoreException"/> whose message is safe to log:
    /// the kind of failure and the socket error, never the library's own message (it names endpoints, keys and commands).
    /// </summary>
    internal static class MfaRedisErrors
    {
        internal static Exception Describe(Exception exception)
        {
            switch (exception)
            {
                case MfaSendLimitStoreException _:
                case OperationCanceledException _:
                    return exception;
                case RedisConnectionException connection:
                    return new MfaSendLimitStoreException("Redis connection failed (" + Failure(connection.FailureType, connection) + ")", exception);
                case RedisTimeoutException _:
                case TimeoutException _:
                    return new MfaSendLimitStoreException("Redis did not answer within the connection's own timeout", exception);
                case RedisServerException server:
                    return new MfaSendLimitStoreException("Redis answered the script with an error (" + ErrorCode(server.Message) + ")", exception);
                case RedisException _:
                    return new MfaSendLimitStoreException("Redis failed (" + exception.GetType().Name + ")", exception);
                default:
                    return new MfaSendLimitStoreException("the Redis store failed (" + exception.GetType().Name + ")", exception);
            }
        }

        /// <summary>A failure type with the socket error found among the inner exceptions, for example <c>UnableToConnect, ConnectionRefused</c>.</summary>
        internal static string Failure(ConnectionFailureType type, Exception? exception)
        {
            for (var inner = exception; inner != null; inner = inner.InnerException)
            {
                if (inner is SocketException socket)
                {
                    return type + ", " + socket.SocketErrorCode;
                }
            }

            return type.ToString();
        }

        /// <summary>The error code Redis starts an error with (<c>ERR</c>, <c>NOSCRIPT</c>, <c>READONLY</c>, <c>OOM</c>, ...), never the rest.</summary>
        private static string ErrorCode(string? message)
        {
            var text = message ?? string.Empty;
            var end = 0;
            while (end < text.Length && end < 20 && text[end] >= 'A' && text[end] <= 'Z')
            {
                end++;
            }

            return end == 0 ? "error" : text.Substring(0, end);
        }
    }
}
