using System;

namespace Bandwidth.Mfa
{
    // The dictionary keys of the store: a client, a number or account of a client, a send of a client.
    public sealed partial class MfaInMemorySendLimitStore
    {
        /// <summary>A client: its registered name, null for the unnamed one (never equal to a name).</summary>
        private readonly struct ClientKey : IEquatable<ClientKey>
        {
            internal ClientKey(string? name)
            {
                Name = name;
            }

            internal string? Name { get; }

            public bool Equals(ClientKey other) => Name == null ? other.Name == null : other.Name != null && string.Equals(Name, other.Name, StringComparison.Ordinal);

            public override bool Equals(object? obj) => obj is ClientKey other && Equals(other);

            public override int GetHashCode() => Name == null ? 0x5bd1e995 : StringComparer.Ordinal.GetHashCode(Name);
        }

        /// <summary>A number (for every account) or an account of one client.</summary>
        private readonly struct SeriesKey : IEquatable<SeriesKey>
        {
            private readonly ClientKey _client;
            private readonly bool _isAccount;
            private readonly string _id;

            internal SeriesKey(ClientKey client, bool isAccount, string id)
            {
                _client = client;
                _isAccount = isAccount;
                _id = id;
            }

            public bool Equals(SeriesKey other) => _isAccount == other._isAccount && string.Equals(_id, other._id, StringComparison.Ordinal) && _client.Equals(other._client);

            public override bool Equals(object? obj) => obj is SeriesKey other && Equals(other);

            public override int GetHashCode() => unchecked((((_client.GetHashCode() * 31) + (_isAccount ? 1 : 0)) * 31) + StringComparer.Ordinal.GetHashCode(_id));
        }

        /// <summary>One send of one client, for releases that arrive before their acquire.</summary>
        private readonly struct SendKey : IEquatable<SendKey>
        {
            private readonly ClientKey _client;
            private readonly string _sendId;

            internal SendKey(ClientKey client, string sendId)
            {
                _client = client;
                _sendId = sendId;
            }

            public bool Equals(SendKey other) => string.Equals(_sendId, other._sendId, StringComparison.Ordinal) && _client.Equals(other._client);

            public override bool Equals(object? obj) => obj is SendKey other && Equals(other);

            public override int GetHashCode() => unchecked((_client.GetHashCode() * 31) + StringComparer.Ordinal.GetHashCode(_sendId));
        }
    }
}
