using System;
using System.Collections.Generic;
using System.Net.Http;
using Bandwidth.Mfa.Errors;
using Newtonsoft.Json;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// One operation of the spec as the generated client describes it (our template, <c>templates/Client.Class.liquid</c>):
    /// its id, method and path, the statuses that mean success, and what each documented error status means. Immutable,
    /// one instance per operation.
    /// </summary>
    internal abstract class MfaOperation
    {
        private readonly Dictionary<int, MfaErrorResponse> _errors = new Dictionary<int, MfaErrorResponse>();

        protected MfaOperation(string id, MfaOperationKind kind, MfaChannel channel, string method, string path, string[] pathParameters, int[] successStatuses, MfaErrorResponse[] errors)
        {
            Id = id;
            Kind = kind;
            Channel = channel;
            Method = KnownMethod(method);
            Path = path;
            PathParameters = pathParameters;
            SuccessStatuses = successStatuses;
            SpanName = "MFA " + id;
            foreach (var error in errors)
            {
                _errors[error.Status] = error;
            }
        }

        // The shared instance of a standard method (HttpMethod.Post, ...): equal to a new one, but the transport recognises
        // it without comparing strings.
        private static HttpMethod KnownMethod(string method)
        {
            switch (method)
            {
                case "GET":
                    return HttpMethod.Get;
                case "POST":
                    return HttpMethod.Post;
                case "PUT":
                    return HttpMethod.Put;
                case "DELETE":
                    return HttpMethod.Delete;
                case "HEAD":
                    return HttpMethod.Head;
                case "OPTIONS":
                    return HttpMethod.Options;
                case "TRACE":
                    return HttpMethod.Trace;
                default:
                    return new HttpMethod(method);
            }
        }

        /// <summary>The operation id (for example <c>verifyCode</c>).</summary>
        internal string Id { get; }

        /// <summary>The name of the operation's span (<c>MFA verifyCode</c>).</summary>
        internal string SpanName { get; }

        /// <summary>What the operation is (the spec's <c>x-mfa-kind</c>).</summary>
        internal MfaOperationKind Kind { get; }

        /// <summary>The channel of a send (the spec's <c>x-mfa-channel</c>; the <c>mfa.channel</c> tag), or <see cref="MfaChannel.None"/>.</summary>
        internal MfaChannel Channel { get; }

        /// <summary>
        /// Whether the operation sends a code (billed, reaches a phone): limited by the send limits, never sent twice once
        /// it may have reached the service. An operation of unknown kind counts as a send, the safe side.
        /// </summary>
        internal bool IsSend => Kind != MfaOperationKind.Verify;

        /// <summary>Whether this is the verification operation (counted by <c>mfa.client.verifications</c>; safe to repeat).</summary>
        internal bool IsVerify => Kind == MfaOperationKind.Verify;

        /// <summary>The HTTP method.</summary>
        internal HttpMethod Method { get; }

        /// <summary>The path template relative to the base address (for example <c>accounts/{accountId}/code/verify</c>).</summary>
        internal string Path { get; }

        /// <summary>The names of the path parameters, in the order the generated methods pass their values.</summary>
        internal string[] PathParameters { get; }

        /// <summary>The statuses the spec documents as success.</summary>
        internal int[] SuccessStatuses { get; }

        internal bool IsSuccess(int status) => Array.IndexOf(SuccessStatuses, status) >= 0;

        /// <summary>
        /// The path with every parameter checked and escaped as one segment, relative to the base address.
        /// </summary>
        /// <exception cref="ArgumentNullException">A parameter is null.</exception>
        /// <exception cref="MfaRequestValidationException">A parameter is empty or blank.</exception>
        internal string PathWith(string?[] values)
        {
            var path = Path;
            for (var i = 0; i < PathParameters.Length; i++)
            {
                var name = PathParameters[i];
                var value = i < values.Length ? values[i] : null;
                if (value == null)
                {
                    throw new ArgumentNullException(name);
                }

                if (value.Trim().Length == 0)
                {
                    throw new MfaRequestValidationException(name, "must not be null, empty or blank");
                }

                if (value == "." || value == "..")
                {
                    // Escaping leaves dots alone and Uri removes dot segments: the request would go to another path.
                    throw new MfaRequestValidationException(name, "must not be '.' or '..'");
                }

                path = path.Replace("{" + name + "}", Uri.EscapeDataString(value));
            }

            return path;
        }

        /// <summary>The documented error response for a status, or null.</summary>
        internal MfaErrorResponse? ErrorFor(int status) => _errors.TryGetValue(status, out var error) ? error : null;
    }

    /// <summary>An operation whose success body is <typeparamref name="TResult"/>.</summary>
    /// <typeparam name="TResult">The success body type.</typeparam>
    internal sealed class MfaOperation<TResult> : MfaOperation
        where TResult : class
    {
        internal MfaOperation(string id, MfaOperationKind kind, MfaChannel channel, string method, string path, string[] pathParameters, int[] successStatuses, MfaErrorResponse[] errors)
            : base(id, kind, channel, method, path, pathParameters, successStatuses, errors)
        {
        }
    }

    /// <summary>A documented error status of an operation: what the spec says it means, and how its body is read.</summary>
    internal abstract class MfaErrorResponse
    {
        protected MfaErrorResponse(int status, string description)
        {
            Status = status;
            Description = description;
        }

        internal int Status { get; }

        internal string Description { get; }

        /// <summary>A documented error whose body is <typeparamref name="TError"/>.</summary>
        internal static MfaErrorResponse Of<TError>(int status, string description)
            where TError : class, new()
        {
            return new Typed<TError>(status, description);
        }

        /// <summary>Builds the exception for this status from the body (an unreadable body gives an empty error object).</summary>
        internal abstract MfaApiException CreateException(MfaCall call, ArraySegment<byte> body, JsonSerializer serializer);

        private sealed class Typed<TError> : MfaErrorResponse
            where TError : class, new()
        {
            internal Typed(int status, string description)
                : base(status, description)
            {
            }

            internal override MfaApiException CreateException(MfaCall call, ArraySegment<byte> body, JsonSerializer serializer)
            {
                var error = MfaBody.TryRead<TError>(body, serializer) ?? new TError();
                return new MfaApiException<TError>(MfaErrorDetails.Read(call, body, error), Description, error);
            }
        }
    }
}
