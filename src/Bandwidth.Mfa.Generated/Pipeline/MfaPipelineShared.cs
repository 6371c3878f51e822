using System;
using System.Runtime.CompilerServices;
using System.Threading;
using Bandwidth.Mfa.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// What every <see cref="MfaPipeline"/> of one client shares, built once per client instead of once per resolve: the
    /// serializer, the logger, the clock, the telemetry and the request URIs already resolved. In DI a client is resolved
    /// per scope over a new <c>HttpClient</c>; before this, each resolve built its own serializer (about 800 bytes and its
    /// contract lookups). Everything here is immutable or safe to share between threads.
    /// </summary>
    internal sealed class MfaPipelineShared
    {
        // One resolved URI per operation (slot by the operation's identity; two operations in one slot only cost a miss).
        private readonly ResolvedUri?[] _resolved = new ResolvedUri?[8];

        /// <param name="logger">Where the call lines go; null for none.</param>
        /// <param name="time">The clock for time-dependent values of the answer; null for the system's.</param>
        /// <param name="telemetry">The client's name, instruments and health tracker; null for spans only, tagged <c>default</c>.</param>
        internal MfaPipelineShared(ILogger? logger, TimeProvider? time, MfaClientTelemetry? telemetry)
        {
            Logger = logger ?? NullLogger.Instance;
            Time = time ?? TimeProvider.System;
            Telemetry = telemetry;
            ClientName = telemetry?.ClientName ?? MfaTelemetry.DefaultClientName;
            Serializer = JsonSerializer.Create(new JsonSerializerSettings { CheckAdditionalContent = true });
        }

        internal ILogger Logger { get; }

        internal TimeProvider Time { get; }

        internal MfaClientTelemetry? Telemetry { get; }

        internal string ClientName { get; }

        /// <summary>The one serializer of the client (Newtonsoft's serializer is safe to share once configured).</summary>
        internal JsonSerializer Serializer { get; }

        /// <summary>
        /// The request URI of <paramref name="operation"/> for <paramref name="pathValues"/> against
        /// <paramref name="baseAddress"/>, as <c>HttpClient</c> would resolve it. The last one is kept (an application
        /// calls for one account), per operation, so the path is escaped, checked and parsed once, not on every call; any other
        /// operation, account or base address is resolved (and checked) afresh.
        /// </summary>
        /// <exception cref="ArgumentNullException">A path value is null.</exception>
        /// <exception cref="MfaRequestValidationException">A path value is empty, blank, '.' or '..'.</exception>
        internal Uri Resolve(MfaOperation operation, string?[] pathValues, Uri? baseAddress)
        {
            var slot = RuntimeHelpers.GetHashCode(operation) & (_resolved.Length - 1);
            var last = Volatile.Read(ref _resolved[slot]);
            if (last != null && last.Matches(operation, pathValues, baseAddress))
            {
                return last.Uri;
            }

            var path = operation.PathWith(pathValues);
            var uri = baseAddress != null ? new Uri(baseAddress, path) : new Uri(path, UriKind.Relative);
            if (pathValues.Length == 1 && pathValues[0] != null)
            {
                Volatile.Write(ref _resolved[slot], new ResolvedUri(operation, pathValues[0]!, baseAddress, uri));
            }

            return uri;
        }

        /// <summary>One resolved request URI and what it was resolved from (immutable: replaced whole, never changed).</summary>
        private sealed class ResolvedUri
        {
            private readonly MfaOperation _operation;
            private readonly string _pathValue;
            private readonly Uri? _baseAddress;

            internal ResolvedUri(MfaOperation operation, string pathValue, Uri? baseAddress, Uri uri)
            {
                _operation = operation;
                _pathValue = pathValue;
                _baseAddress = baseAddress;
                Uri = uri;
            }

            internal Uri Uri { get; }

            internal bool Matches(MfaOperation operation, string?[] pathValues, Uri? baseAddress)
            {
                return ReferenceEquals(operation, _operation)
                    && pathValues.Length == 1
                    && string.Equals(pathValues[0], _pathValue, StringComparison.Ordinal)
                    && (ReferenceEquals(baseAddress, _baseAddress) || (baseAddress != null && _baseAddress != null && baseAddress.OriginalString == _baseAddress.OriginalString && baseAddress.Equals(_baseAddress)));
            }
        }
    }
}
