using System;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>What wrong codes are counted under: the account and the number, compared ordinally.</summary>
    internal readonly struct NumberKey : IEquatable<NumberKey>
    {
        internal NumberKey(string account, string to)
        {
            Account = account;
            To = to;
        }

        internal string Account { get; }

        internal string To { get; }

        public bool Equals(NumberKey other) =>
            string.Equals(Account, other.Account, StringComparison.Ordinal) && string.Equals(To, other.To, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is NumberKey other && Equals(other);

        public override int GetHashCode() => (StringComparer.Ordinal.GetHashCode(Account) * 31) + StringComparer.Ordinal.GetHashCode(To);
    }
}
