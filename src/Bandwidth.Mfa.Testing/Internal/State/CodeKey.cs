using System;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>What a code is stored under: the account, the number and the scope, compared ordinally.</summary>
    internal readonly struct CodeKey : IEquatable<CodeKey>
    {
        private readonly string _account;
        private readonly string _to;
        private readonly string _scope;

        internal CodeKey(string account, string to, string scope)
        {
            _account = account;
            _to = to;
            _scope = scope;
        }

        public bool Equals(CodeKey other) =>
            string.Equals(_account, other._account, StringComparison.Ordinal)
            && string.Equals(_to, other._to, StringComparison.Ordinal)
            && string.Equals(_scope, other._scope, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is CodeKey other && Equals(other);

        public override int GetHashCode() => ((StringComparer.Ordinal.GetHashCode(_account) * 31) + StringComparer.Ordinal.GetHashCode(_to)) * 31 + StringComparer.Ordinal.GetHashCode(_scope);
    }
}
