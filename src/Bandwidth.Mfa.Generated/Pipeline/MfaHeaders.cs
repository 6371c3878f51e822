using System;
using System.Collections.Generic;
using System.Net.Http;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>Response headers as the client hands them out (case-insensitive by name), and Retry-After.</summary>
    internal static class MfaHeaders
    {
        internal static readonly IReadOnlyDictionary<string, IEnumerable<string>> Empty =
            new System.Collections.ObjectModel.ReadOnlyDictionary<string, IEnumerable<string>>(new Dictionary<string, IEnumerable<string>>(StringComparer.OrdinalIgnoreCase));

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

            if (headers is Dictionary<string, IEnumerable<string>> own && ReferenceEquals(own.Comparer, StringComparer.OrdinalIgnoreCase))
            {
                return own.TryGetValue(name, out var values) ? FirstOf(values) : null;
            }

            // A dictionary from elsewhere (a test double's exception) may be case-sensitive.
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

        private static string? FirstOf(IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                return value;
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
