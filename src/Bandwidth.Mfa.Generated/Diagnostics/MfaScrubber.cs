using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Diagnostics
{
    /// <summary>
    /// Replaces the secrets a call sent (password, bearer token, client secret, their base64 Basic form, the verification
    /// code) with <see cref="MfaRedaction.Hidden"/> in text that came back from a server, before that text reaches an
    /// exception's message, <c>ErrorText</c>, an inner exception or a log line. A secret is matched ordinally, as sent or
    /// JSON-escaped (<c>\"</c>, <c>\/</c>, <c>\u0041</c>, in any mix) or percent-encoded (UTF-8), so a server that echoes the
    /// request in any of those forms is scrubbed too. Secrets shorter than <see cref="MinimumLength"/> characters are not
    /// scrubbed: they would blank out innocent text (every verification code is at least 4 characters by the spec).
    /// </summary>
    internal sealed class MfaScrubber
    {
        /// <summary>Secrets shorter than this are not scrubbed.</summary>
        internal const int MinimumLength = 4;

        private readonly List<string> _secrets = new List<string>();

        internal MfaScrubber(IEnumerable<string?>? secrets)
        {
            if (secrets != null)
            {
                foreach (var secret in secrets)
                {
                    Add(secret);
                }
            }

            // Longest first, so that a secret inside another (a password inside nothing, a token inside a header) never
            // leaves a piece of the longer one behind.
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }

        internal bool IsEmpty => _secrets.Count == 0;

        /// <summary>The secrets of HTTP Basic: the password and the base64 of <c>user:password</c> as the header carries it.</summary>
        internal static string[] BasicSecrets(string username, string password)
        {
            return new[] { password, Convert.ToBase64String(Encoding.UTF8.GetBytes(username + ":" + password)) };
        }

        internal string? Scrub(string? text)
        {
            if (text == null || text.Length == 0 || _secrets.Count == 0)
            {
                return text;
            }

            var result = text;
            foreach (var secret in _secrets)
            {
                result = ScrubOne(result, secret);
            }

            return result;
        }

        /// <summary>
        /// Text a server sent (an error text, a request id, a media type, a framework message quoting the server), made
        /// fit for a message, a log line or <c>ToString()</c>: the call's secrets replaced, phone numbers masked, line
        /// breaks and control characters escaped. The one place that cleans server text; <see cref="Scrub"/> alone (secrets
        /// only) is for the bodies an exception keeps as data (<c>Response</c>, <c>Result</c>).
        /// </summary>
        internal string? ServerText(string? text)
        {
            return MfaRedaction.ServerText(Scrub(text));
        }

        /// <summary>
        /// The exception chain as it is when none of its messages holds a secret, a phone number or a line break;
        /// otherwise a copy of the chain with every message cleaned as <see cref="ServerText"/> cleans it (same types where
        /// they can be rebuilt, without the original stack traces). Inner exceptions quote the server (Newtonsoft names
        /// the value it could not convert, HttpClient the status line it could not parse).
        /// </summary>
        internal Exception? ScrubChain(Exception? exception)
        {
            if (exception == null || !ChainNeedsCleaning(exception))
            {
                return exception;
            }

            return Rebuild(exception);
        }

        /// <summary>Scrubs, in place, the strings of a body's unknown properties (nested JSON included).</summary>
        internal void ScrubProperties(IDictionary<string, object>? properties)
        {
            if (properties == null || _secrets.Count == 0)
            {
                return;
            }

            foreach (var key in new List<string>(properties.Keys))
            {
                switch (properties[key])
                {
                    case string text:
                        properties[key] = Scrub(text)!;
                        break;
                    case JToken token:
                        ScrubToken(token);
                        break;
                }
            }
        }

        private void ScrubToken(JToken token)
        {
            if (token is JValue value)
            {
                if (value.Type == JTokenType.String)
                {
                    value.Value = Scrub((string?)value.Value);
                }

                return;
            }

            foreach (var child in token.Children())
            {
                ScrubToken(child is JProperty property ? property.Value : child);
            }
        }

        private bool ChainNeedsCleaning(Exception exception)
        {
            for (var current = exception; current != null; current = current.InnerException)
            {
                if (!string.Equals(ServerText(current.Message), current.Message, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private Exception Rebuild(Exception exception)
        {
            var inner = exception.InnerException == null ? null : Rebuild(exception.InnerException);
            var message = ServerText(exception.Message) ?? string.Empty;
            switch (exception)
            {
                case HttpRequestException http:
#if NET8_0_OR_GREATER
                    return new HttpRequestException(http.HttpRequestError, message, inner, http.StatusCode);
#else
                    return new HttpRequestException(message, inner);
#endif
                case JsonReaderException reader:
                    return new JsonReaderException(message, reader.Path ?? string.Empty, reader.LineNumber, reader.LinePosition, inner);
                case JsonSerializationException serialization:
                    return new JsonSerializationException(message, serialization.Path ?? string.Empty, serialization.LineNumber, serialization.LinePosition, inner);
                case System.IO.IOException _:
                    return new System.IO.IOException(message, inner);
                case OperationCanceledException _:
                    return new OperationCanceledException(message, inner);
                default:
                    return new MfaScrubbedException(exception.GetType().FullName + ": " + message, inner);
            }
        }

        private static string ScrubOne(string text, string secret)
        {
            StringBuilder? builder = null;
            var copied = 0;
            var i = 0;
            while (i < text.Length)
            {
                var end = MatchAt(text, i, secret);
                if (end < 0)
                {
                    i++;
                    continue;
                }

                builder ??= new StringBuilder(text.Length);
                builder.Append(text, copied, i - copied).Append(MfaRedaction.Hidden);
                i = end;
                copied = end;
            }

            return builder == null ? text : builder.Append(text, copied, text.Length - copied).ToString();
        }

        // Where a match of the secret that starts at 'start' ends, or -1: each character of the secret may appear as itself,
        // as a JSON escape (\", \\, \/, \b, \f, \n, \r, \t, \uXXXX in either case) or percent-encoded (%XX; UTF-8 bytes
        // for a non-ASCII character outside the surrogate range).
        private static int MatchAt(string text, int start, string secret)
        {
            var j = start;
            foreach (var expected in secret)
            {
                if (j >= text.Length)
                {
                    return -1;
                }

                var c = text[j];
                if (c == '\\' && TryJsonEscape(text, j, out var unescaped, out var length) && unescaped == expected)
                {
                    j += length;
                }
                else if (c == '%' && expected < 0x80 && TryPercent(text, j, out var decoded) && decoded == expected)
                {
                    j += 3;
                }
                else if (c == '%' && expected >= 0x80 && !char.IsSurrogate(expected) && PercentUtf8Length(text, j, expected) is int encoded && encoded > 0)
                {
                    j += encoded;
                }
                else if (c == expected)
                {
                    j++;
                }
                else
                {
                    return -1;
                }
            }

            return j;
        }

        private static bool TryJsonEscape(string text, int at, out char value, out int length)
        {
            value = '\0';
            length = 0;
            if (at + 1 >= text.Length)
            {
                return false;
            }

            switch (text[at + 1])
            {
                case '"': value = '"'; break;
                case '\\': value = '\\'; break;
                case '/': value = '/'; break;
                case 'b': value = '\b'; break;
                case 'f': value = '\f'; break;
                case 'n': value = '\n'; break;
                case 'r': value = '\r'; break;
                case 't': value = '\t'; break;
                case 'u':
                    if (at + 5 < text.Length && TryHex(text, at + 2, 4, out var code))
                    {
                        value = (char)code;
                        length = 6;
                        return true;
                    }

                    return false;
                default:
                    return false;
            }

            length = 2;
            return true;
        }

        // How long the percent-encoded UTF-8 form of a non-ASCII character is at 'at' (%C3%A9 for 'é'), or 0.
        private static int PercentUtf8Length(string text, int at, char expected)
        {
            var bytes = Encoding.UTF8.GetBytes(new[] { expected });
            var j = at;
            foreach (var b in bytes)
            {
                if (j >= text.Length || text[j] != '%' || !TryPercent(text, j, out var decoded) || decoded != b)
                {
                    return 0;
                }

                j += 3;
            }

            return j - at;
        }

        private static bool TryPercent(string text, int at, out char value)
        {
            value = '\0';
            if (at + 2 >= text.Length || !TryHex(text, at + 1, 2, out var code))
            {
                return false;
            }

            value = (char)code;
            return true;
        }

        private static bool TryHex(string text, int at, int digits, out int value)
        {
            value = 0;
            for (var k = 0; k < digits; k++)
            {
                var c = text[at + k];
                int digit;
                if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else if (c >= 'A' && c <= 'F')
                {
                    digit = c - 'A' + 10;
                }
                else
                {
                    return false;
                }

                value = (value * 16) + digit;
            }

            return true;
        }

        private void Add(string? secret)
        {
            if (secret != null && secret.Length >= MinimumLength && !_secrets.Contains(secret))
            {
                _secrets.Add(secret);
            }
        }
    }

    /// <summary>Stands in for an inner exception whose message held a secret; its message names the original type.</summary>
    internal sealed class MfaScrubbedException : Exception
    {
        internal MfaScrubbedException(string message, Exception? innerException)
            : base(message, innerException)
        {
        }
    }
}
