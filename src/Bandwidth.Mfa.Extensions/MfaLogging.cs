using System.Net.Http;
using Microsoft.Extensions.Logging;

namespace Bandwidth.Mfa
{
    /// <summary>Placeholder seam for the logging handler (filled by the reliability work).</summary>
    internal static class MfaLogging
    {
        internal static HttpMessageHandler Wrap(HttpMessageHandler inner, ILoggerFactory? loggerFactory)
        {
            return inner;
        }
    }
}
