using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Newtonsoft.Json;

namespace Bandwidth.Mfa.Validation
{
    /// <summary>
    /// Checks a request against the constraints of the spec before it is sent. The rules are read from the data
    /// annotations that NSwag generates from <c>openapi/mfa.yml</c> (required, pattern, lengths, ranges), so a change
    /// of the spec moves them too; the one rule the spec states only in prose (the <c>{CODE}</c> placeholder) is hand-written.
    /// </summary>
    internal static class MfaRequestValidator
    {
        private static readonly ConcurrentDictionary<Type, PropertyRules[]> RulesByType = new ConcurrentDictionary<Type, PropertyRules[]>();

        // One compiled Regex per distinct pattern (to and from share the E.164 one). Compiled matching is about four times
        // faster than interpreted on every call, for a few milliseconds once, when a request type is first validated.
        private static readonly ConcurrentDictionary<string, Regex> Patterns = new ConcurrentDictionary<string, Regex>(StringComparer.Ordinal);

        /// <summary>Throws <see cref="MfaRequestValidationException"/> naming the first field that breaks a rule.</summary>
        /// <param name="request">The request body; null is an error named <c>body</c>.</param>
        public static void Validate(object? request)
        {
            if (request == null)
            {
                throw new MfaRequestValidationException("body", "is required");
            }

            foreach (var property in RulesByType.GetOrAdd(request.GetType(), Build))
            {
                property.Check(request);
            }

            (request as IMfaProseRules)?.CheckProseRules();
        }

        private static Regex CompiledPattern(string pattern)
        {
            return Patterns.GetOrAdd(pattern, text => new Regex(text, RegexOptions.ECMAScript | RegexOptions.CultureInvariant | RegexOptions.Compiled));
        }

        private static PropertyRules[] Build(Type type)
        {
            var rules = new List<PropertyRules>();
            foreach (var property in type.GetRuntimeProperties())
            {
                var json = property.GetCustomAttribute<JsonPropertyAttribute>();
                if (json == null || property.GetMethod == null || !property.GetMethod.IsPublic)
                {
                    continue;
                }

                var attributes = new List<ValidationAttribute>(property.GetCustomAttributes<ValidationAttribute>());
                if (attributes.Count > 0)
                {
                    rules.Add(new PropertyRules(json.PropertyName ?? property.Name, property, attributes));
                }
            }

            return rules.ToArray();
        }

        private sealed class PropertyRules
        {
            private readonly string _field;
            private readonly Func<object, string?>? _text;
            private readonly Func<object, double?>? _number;
            private readonly bool _required;
            private readonly Regex? _pattern;
            private readonly string? _patternText;
            private readonly StringLengthAttribute? _length;
            private readonly RangeAttribute? _range;
            private readonly double _minimum;
            private readonly double _maximum;

            internal PropertyRules(string field, PropertyInfo property, List<ValidationAttribute> attributes)
            {
                _field = field;
                // Typed getters, built once: reading a number through PropertyInfo.GetValue boxed it on every call.
                if (property.PropertyType == typeof(string))
                {
                    _text = MfaPropertyGetters.Text(property);
                }
                else
                {
                    _number = MfaPropertyGetters.Number(property);
                }
                foreach (var attribute in attributes)
                {
                    switch (attribute)
                    {
                        case RequiredAttribute _:
                            _required = true;
                            break;
                        case RegularExpressionAttribute regex:
                            _patternText = regex.Pattern;
                            // ECMAScript: \d is [0-9] only, as in JSON Schema; see IsWholeMatch for the end anchor.
                            _pattern = CompiledPattern(regex.Pattern);
                            break;
                        case StringLengthAttribute length:
                            _length = length;
                            break;
                        case RangeAttribute range:
                            _range = range;

                            // The bounds are constants of the attribute: converted once, not on every call.
                            _minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
                            _maximum = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
                            break;
                    }
                }
            }

            internal void Check(object request)
            {
                if (_text != null)
                {
                    var text = _text(request);
                    if (text == null)
                    {
                        Missing();
                        return;
                    }

                    CheckText(text);
                    return;
                }

                var number = _number!(request);
                if (number == null)
                {
                    Missing();
                }
                else if (_range != null)
                {
                    CheckRange(number.Value);
                }
            }

            private void Missing()
            {
                if (_required)
                {
                    throw new MfaRequestValidationException(_field, "is required");
                }
            }

            private void CheckText(string text)
            {
                if (_required && text.Trim().Length == 0)
                {
                    throw new MfaRequestValidationException(_field, "is required and must not be empty or blank");
                }

                if (_length != null)
                {
                    // JSON Schema counts a string's length in Unicode code points, not UTF-16 units: an emoji is one.
                    var length = MfaCodePoints.Length(text);
                    if (length > _length.MaximumLength || length < _length.MinimumLength)
                    {
                        throw new MfaRequestValidationException(_field, LengthRule() + " (it has " + length.ToString(CultureInfo.InvariantCulture) + ")");
                    }
                }

                if (_pattern != null && !IsWholeMatch(_pattern, text))
                {
                    throw new MfaRequestValidationException(_field, "must match the pattern " + _patternText + DescribePattern());
                }
            }

            // .NET's '$' also matches before a final newline; a value with one must not pass an anchored pattern.
            private static bool IsWholeMatch(Regex pattern, string text)
            {
                if (!pattern.IsMatch(text))
                {
                    return false;
                }

                var anchoredAtEnd = pattern.ToString().EndsWith("$", StringComparison.Ordinal);
                return !(anchoredAtEnd && text.EndsWith("\n", StringComparison.Ordinal));
            }

            private void CheckRange(double number)
            {
                var minimum = _minimum;
                var maximum = _maximum;
                if (!(number >= minimum && number <= maximum))
                {
                    throw new MfaRequestValidationException(_field, "must be between " + minimum.ToString(CultureInfo.InvariantCulture)
                        + " and " + maximum.ToString(CultureInfo.InvariantCulture) + " inclusive (it is " + number.ToString(CultureInfo.InvariantCulture) + ")");
                }
            }

            private string LengthRule()
            {
                return _length!.MinimumLength > 0
                    ? "must be " + _length.MinimumLength.ToString(CultureInfo.InvariantCulture) + " to " + _length.MaximumLength.ToString(CultureInfo.InvariantCulture) + " characters long"
                    : "must be at most " + _length.MaximumLength.ToString(CultureInfo.InvariantCulture) + " characters long";
            }

            private string DescribePattern()
            {
                return _patternText != null && _patternText.StartsWith(@"^\+", StringComparison.Ordinal)
                    ? " (E.164: a + then up to 15 digits, no spaces)"
                    : string.Empty;
            }
        }
    }

    /// <summary>Rules that the spec states in prose only, checked after the generated annotations.</summary>
    internal interface IMfaProseRules
    {
        /// <summary>Throws <see cref="MfaRequestValidationException"/> when a prose rule is broken.</summary>
        void CheckProseRules();
    }
}
