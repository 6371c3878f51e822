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
    internal sealed partial class MfaScrubber
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

        private void Add(string? secret)
        {
            if (secret != null && secret.Length >= MinimumLength && !_secrets.Contains(secret))
            {
                _secrets.Add(secret);
            }
        }
    }
}
