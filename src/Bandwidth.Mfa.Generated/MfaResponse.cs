using System;
using System.Collections.Generic;

namespace Bandwidth.Mfa
{
    /// <summary>
    /// The result of a <c>*WithHttpInfoAsync</c> call: the HTTP status code and response headers with the parsed body.
    /// The service documents no response headers; they are here for diagnostics, not for logic.
    /// </summary>
    /// <typeparam name="TResult">The type of the parsed body.</typeparam>
    public sealed class MfaResponse<TResult>
    {
        /// <summary>Creates a response.</summary>
        /// <param name="statusCode">The HTTP status code.</param>
        /// <param name="headers">The response and content headers.</param>
        /// <param name="result">The parsed body.</param>
        public MfaResponse(int statusCode, IReadOnlyDictionary<string, IEnumerable<string>> headers, TResult result)
        {
            StatusCode = statusCode;
            Headers = headers ?? throw new ArgumentNullException(nameof(headers));
            Result = result;
        }

        /// <summary>The HTTP status code of the answer.</summary>
        public int StatusCode { get; }

        /// <summary>The response and content headers of the answer.</summary>
        public IReadOnlyDictionary<string, IEnumerable<string>> Headers { get; }

        /// <summary>The parsed body.</summary>
        public TResult Result { get; }
    }
}
