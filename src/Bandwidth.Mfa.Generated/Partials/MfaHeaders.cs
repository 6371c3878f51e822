// Hand-written seam of the generated client (not generated).
using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Bandwidth.Mfa
{
    internal static class MfaHeaders
    {
        internal static readonly IReadOnlyDictionary<string, IEnumerable<string>> Empty =
            new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Response and content headers, case-insensitive by name.</summary>
        internal static IReadOnlyDictionary<string, IEnumerable<string>> From(HttpResponseMessage response)
        {
            var headers = new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (var header in response.Headers)
            {
                headers[header.Key] = header.Value;
            }

            if (response.Content != null)
            {
                foreach (var header in response.Content.Headers)
                {
                    headers[header.Key] = header.Value;
                }
            }

            return headers;
        }

        internal static string? First(IReadOnlyDictionary<string, IEnumerable<string>>? headers, string name)
        {
            if (headers == null)
            {
                return null;
            }

            // The generated code builds its dictionary with the default (case-sensitive) comparer.
            foreach (var pair in headers)
            {
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase))
                {
                    foreach (var value in pair.Value)
                    {
                        return value;
                    }
                }
            }

            return null;
        }
    }
}
