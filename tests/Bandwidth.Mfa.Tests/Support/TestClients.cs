using System;
using System.Net.Http;
using Bandwidth.Mfa.Composition;
using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa.Tests.Support;

/// <summary>
/// Builds the real client for tests through the composition root: the same pipeline and transport handler as
/// production, with the handlers a test chooses (an authentication handler, or none) in front of a test double.
/// </summary>
public static class TestClients
{
    public static IMfaClient Over(HttpMessageHandler primary, string baseUrl = MockMfa.BaseUrl, TimeSpan? timeout = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null, params DelegatingHandler[] handlers) =>
        MfaHandlerChain.CreateClient(primary, new Uri(baseUrl), timeout ?? TimeSpan.FromSeconds(100), loggerFactory, time ?? TimeProvider.System, handlers);
}
