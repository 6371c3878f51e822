// Shared source: linked into each package that needs it (an internal copy per assembly, no InternalsVisibleTo).
namespace Bandwidth.Mfa.Validation
{
    /// <summary>
    /// A string's length as JSON Schema's <c>maxLength</c>/<c>minLength</c> count it (RFC 8259 characters, Unicode code
    /// points): a surrogate pair is one, so an emoji counts once; a lone surrogate counts as one. .NET's
    /// <see cref="string.Length"/> counts UTF-16 units instead. The client's validator and the sandbox both count this way.
    /// </summary>
    internal static class MfaCodePoints
    {
        /// <summary>The number of code points in <paramref name="text"/>.</summary>
        /// <param name="text">The text.</param>
        /// <returns>Its length in code points.</returns>
        public static int Length(string text)
        {
            var length = text.Length;
            for (var i = 0; i < text.Length - 1; i++)
            {
                if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
                {
                    length--;
                    i++;
                }
            }

            return length;
        }
    }
}
