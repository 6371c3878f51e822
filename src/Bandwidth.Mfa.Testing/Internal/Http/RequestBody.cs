using System;
using System.Globalization;
using System.IO;
using Bandwidth.Mfa.Validation;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// Reads one JSON request body the way the service checks it: the documented types, required fields, E.164 numbers,
    /// lengths and ranges. Unknown properties are ignored; a JSON <c>null</c> counts as absent. A broken rule throws
    /// <see cref="BadRequestException"/> with the text the sandbox answers with.
    /// </summary>
    internal sealed class RequestBody
    {
        private const string Malformed = "400 Request is malformed or invalid";

        /// <summary>How deep a body may nest (the API's bodies are one level deep); deeper is malformed, never a stack overflow.</summary>
        private const int MaxDepth = 64;

        private readonly JObject _json;

        private RequestBody(JObject json)
        {
            _json = json;
        }

        internal static RequestBody Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new BadRequestException(Malformed);
            }

            try
            {
                using (var reader = new JsonTextReader(new StringReader(text!)) { DateParseHandling = DateParseHandling.None, FloatParseHandling = FloatParseHandling.Double, MaxDepth = MaxDepth })
                {
                    var token = JToken.ReadFrom(reader);
                    if (reader.Read() && reader.TokenType != JsonToken.Comment)
                    {
                        throw new BadRequestException(Malformed);
                    }

                    if (token is JObject json)
                    {
                        return new RequestBody(json);
                    }
                }
            }
            catch (JsonException)
            {
                // Reported below.
            }

            throw new BadRequestException(Malformed);
        }

        internal string PhoneNumber(string name)
        {
            var value = RequiredString(name, name + " number is required");
            if (!MfaPhoneNumbers.IsE164(value))
            {
                throw new BadRequestException(name + " must be an E.164 phone number such as +19195551234");
            }

            return value;
        }

        internal string RequiredString(string name, string? missingText = null)
        {
            var value = OptionalString(name);
            if (value == null || value.Trim().Length == 0)
            {
                throw new BadRequestException(missingText ?? name + " is required");
            }

            return value;
        }

        internal string? OptionalString(string name)
        {
            var token = Property(name);
            if (token == null)
            {
                return null;
            }

            if (token.Type != JTokenType.String)
            {
                throw new BadRequestException(name + " must be a string");
            }

            return (string?)token;
        }

        internal int RequiredInteger(string name, int minimum, int maximum)
        {
            var token = Property(name) ?? throw new BadRequestException(name + " is required");
            if (token.Type != JTokenType.Integer)
            {
                throw new BadRequestException(name + " must be an integer between " + minimum + " and " + maximum);
            }

            // An integer beyond 64 bits arrives as a BigInteger, which a cast to long would throw on: it is out of range too.
            if (!(((JValue)token).Value is long value) || value < minimum || value > maximum)
            {
                throw new BadRequestException(name + " must be between " + minimum + " and " + maximum);
            }

            return (int)value;
        }

        internal double RequiredNumber(string name, double minimum, double maximum)
        {
            var token = Property(name) ?? throw new BadRequestException(name + " is required");
            if (token.Type != JTokenType.Integer && token.Type != JTokenType.Float)
            {
                throw new BadRequestException(name + " must be a number between " + Format(minimum) + " and " + Format(maximum));
            }

            var value = (double)token;
            if (!(value >= minimum && value <= maximum))
            {
                throw new BadRequestException(name + " must be between " + Format(minimum) + " and " + Format(maximum));
            }

            return value;
        }

        internal static void MaxLength(string name, string? value, int maximum)
        {
            if (value != null && MfaCodePoints.Length(value) > maximum)
            {
                throw new BadRequestException(name + " must be at most " + maximum + " characters long");
            }
        }

        private JToken? Property(string name)
        {
            var token = _json.Property(name, StringComparison.Ordinal)?.Value;
            return token == null || token.Type == JTokenType.Null ? null : token;
        }

        private static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
