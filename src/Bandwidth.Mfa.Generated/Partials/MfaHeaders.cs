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

        /// <summary>How long a <c>Retry-After</c> value (seconds or an HTTP date) asks to wait from <paramref name="now"/>; null if absent or unreadable.</summary>
        internal static TimeSpan? RetryAfter(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (int.TryParse(value!.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParseExact(value.Trim(), "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }

            return null;
        }
    }
}
