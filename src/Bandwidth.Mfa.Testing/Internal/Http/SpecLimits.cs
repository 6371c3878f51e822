using System;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// The spec's lengths and ranges of the request bodies, read once from the generated DTOs (NSwag writes each
    /// <c>maxLength</c>/<c>minLength</c> as <see cref="StringLengthAttribute"/> and each <c>minimum</c>/<c>maximum</c> as
    /// <see cref="RangeAttribute"/>), so the sandbox and the client's validator check one set of numbers: the spec's.
    /// The sandbox still reads the JSON itself, independently of the DTOs' serialization.
    /// </summary>
    internal static class SpecLimits
    {
        internal static readonly int FromMaxLength = Length<CodeRequest>(nameof(CodeRequest.From)).MaximumLength;

        internal static readonly int ApplicationIdMaxLength = Length<CodeRequest>(nameof(CodeRequest.ApplicationId)).MaximumLength;

        internal static readonly int ScopeMaxLength = Length<CodeRequest>(nameof(CodeRequest.Scope)).MaximumLength;

        internal static readonly int MessageMaxLength = Length<CodeRequest>(nameof(CodeRequest.Message)).MaximumLength;

        internal static readonly int MinDigits = Integer(Range<CodeRequest>(nameof(CodeRequest.Digits)).Minimum);

        internal static readonly int MaxDigits = Integer(Range<CodeRequest>(nameof(CodeRequest.Digits)).Maximum);

        internal static readonly double MinExpirationMinutes = Number(Range<VerifyCodeRequest>(nameof(VerifyCodeRequest.ExpirationTimeInMinutes)).Minimum);

        internal static readonly double MaxExpirationMinutes = Number(Range<VerifyCodeRequest>(nameof(VerifyCodeRequest.ExpirationTimeInMinutes)).Maximum);

        internal static readonly int MinCodeLength = Length<VerifyCodeRequest>(nameof(VerifyCodeRequest.Code)).MinimumLength;

        internal static readonly int MaxCodeLength = Length<VerifyCodeRequest>(nameof(VerifyCodeRequest.Code)).MaximumLength;

        /// <summary>How long a code can matter: the largest <c>expirationTimeInMinutes</c> a verification may ask for.</summary>
        internal static readonly TimeSpan LongestCodeLifetime = TimeSpan.FromMinutes(MaxExpirationMinutes);

        private static int Integer(object bound) => Convert.ToInt32(bound, CultureInfo.InvariantCulture);

        private static double Number(object bound) => Convert.ToDouble(bound, CultureInfo.InvariantCulture);

        private static StringLengthAttribute Length<T>(string property) => Rule<T, StringLengthAttribute>(property);

        private static RangeAttribute Range<T>(string property) => Rule<T, RangeAttribute>(property);

        private static TRule Rule<T, TRule>(string property)
            where TRule : Attribute
        {
            return typeof(T).GetProperty(property)?.GetCustomAttribute<TRule>()
                ?? throw new InvalidOperationException(typeof(T).Name + "." + property + " has no " + typeof(TRule).Name + ": the spec's rule is missing from the generated code.");
        }
    }
}
