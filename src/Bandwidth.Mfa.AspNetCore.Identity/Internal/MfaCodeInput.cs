namespace Bandwidth.Mfa.AspNetCore.Identity.Internal
{
    /// <summary>What a user typed, made a code the service can check (digits, 4 to 8), or refused before any call.</summary>
    internal static class MfaCodeInput
    {
        internal const int MinLength = 4;
        internal const int MaxLength = 8;

        /// <summary>The digits with spaces and dashes dropped; null when that is not 4 to 8 ASCII digits.</summary>
        internal static string? Normalize(string? typed)
        {
            if (typed == null || typed.Length > 64)
            {
                return null;
            }

            var digits = new char[MaxLength];
            var count = 0;
            foreach (var c in typed)
            {
                if (c == ' ' || c == '-' || c == '\t')
                {
                    continue;
                }

                if (c < '0' || c > '9' || count == MaxLength)
                {
                    return null;
                }

                digits[count++] = c;
            }

            return count >= MinLength ? new string(digits, 0, count) : null;
        }
    }
}
