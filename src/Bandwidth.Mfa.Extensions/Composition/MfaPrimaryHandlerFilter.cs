using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Bandwidth.Mfa.Composition
{
    /// <summary>
    /// Puts the transport handler (<see cref="MfaHandlerChain.Transport"/>) around the primary handler of every MFA
    /// client, after all of the client's configuration ran: the handlers of <c>ConfigureHttpClientDefaults</c> (.NET
    /// Aspire's standard resilience handler) and of the builder sit above it, and a primary handler set by any later call
    /// (<c>ConfigurePrimaryHttpMessageHandler</c>, <c>UseSandbox</c>) is wrapped as well. So every attempt, whoever
    /// started it, passes the transport handler last, right before the socket. Registered first among the factory's
    /// filters, so that its part runs after theirs.
    /// </summary>
    internal sealed class MfaPrimaryHandlerFilter : IHttpMessageHandlerBuilderFilter
    {
        private readonly HashSet<string> _clientNames;

        public MfaPrimaryHandlerFilter(IEnumerable<MfaServiceCollectionExtensions.MfaRegistration> registrations)
        {
            _clientNames = new HashSet<string>(
                registrations.Select(r => r.Name == null ? MfaServiceCollectionExtensions.HttpClientName : MfaServiceCollectionExtensions.HttpClientNameFor(r.Name)),
                StringComparer.Ordinal);
        }

        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next)
        {
            return builder =>
            {
                next(builder);
                if (builder.Name != null && _clientNames.Contains(builder.Name) && builder.PrimaryHandler != null)
                {
                    builder.PrimaryHandler = MfaHandlerChain.Transport(builder.PrimaryHandler);
                }
            };
        }
    }
}
