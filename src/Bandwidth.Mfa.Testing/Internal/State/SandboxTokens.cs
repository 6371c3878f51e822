using System;
using System.Security.Cryptography;
using System.Text;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>
    /// The access tokens of the sandbox's token endpoint, kept in the tokens rather than in memory: each carries its
    /// serial number and expiry, signed with this sandbox's key (HMAC-SHA256), so the sandbox stores nothing per token and
    /// any number of token requests leaves its memory as it was. A revocation is a serial number (every token issued up to
    /// it is refused); a reset is a new key, after which earlier tokens are strangers, as they were when the sandbox kept
    /// a list and forgot it. Not thread-safe: the sandbox's lock guards it.
    /// </summary>
    internal sealed class SandboxTokens
    {
        private const string Prefix = "sandbox-";
        private const int PayloadBytes = 16;
        private const int MacBytes = 16;

        private byte[] _key = NewKey();
        private long _lastIssued;
        private long _revokedThrough;

        internal string Issue(DateTimeOffset expiresAt)
        {
            var payload = new byte[PayloadBytes];
            Write(payload, 0, ++_lastIssued);
            Write(payload, 8, expiresAt.UtcTicks);
            return Prefix + Hex(payload) + Hex(Mac(payload));
        }

        internal TokenState Check(string token, DateTimeOffset now)
        {
            if (token.Length != Prefix.Length + (2 * (PayloadBytes + MacBytes)) || !token.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return TokenState.Unknown;
            }

            var bytes = FromHex(token, Prefix.Length, PayloadBytes + MacBytes);
            if (bytes == null)
            {
                return TokenState.Unknown;
            }

            var payload = new byte[PayloadBytes];
            Buffer.BlockCopy(bytes, 0, payload, 0, PayloadBytes);
            var mac = Mac(payload);
            var difference = 0;
            for (var i = 0; i < MacBytes; i++)
            {
                difference |= mac[i] ^ bytes[PayloadBytes + i];
            }

            if (difference != 0)
            {
                return TokenState.Unknown;
            }

            if (Read(payload, 0) <= _revokedThrough)
            {
                return TokenState.Revoked;
            }

            return now.UtcTicks < Read(payload, 8) ? TokenState.Valid : TokenState.Expired;
        }

        /// <summary>Every token issued so far is refused from now on.</summary>
        internal void RevokeAll() => _revokedThrough = _lastIssued;

        /// <summary>Forgets every token issued so far: they become strangers.</summary>
        internal void Reset() => _key = NewKey();

        private static byte[] NewKey()
        {
            var key = new byte[32];
            using (var random = RandomNumberGenerator.Create())
            {
                random.GetBytes(key);
            }

            return key;
        }

        private byte[] Mac(byte[] payload)
        {
            using (var hmac = new HMACSHA256(_key))
            {
                var full = hmac.ComputeHash(payload);
                var mac = new byte[MacBytes];
                Buffer.BlockCopy(full, 0, mac, 0, MacBytes);
                return mac;
            }
        }

        private static void Write(byte[] buffer, int offset, long value)
        {
            for (var i = 7; i >= 0; i--)
            {
                buffer[offset + i] = (byte)value;
                value >>= 8;
            }
        }

        private static long Read(byte[] buffer, int offset)
        {
            long value = 0;
            for (var i = 0; i < 8; i++)
            {
                value = (value << 8) | buffer[offset + i];
            }

            return value;
        }

        private static string Hex(byte[] bytes)
        {
            var text = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes)
            {
                text.Append("0123456789abcdef"[b >> 4]).Append("0123456789abcdef"[b & 15]);
            }

            return text.ToString();
        }

        private static byte[]? FromHex(string text, int start, int length)
        {
            var bytes = new byte[length];
            for (var i = 0; i < length; i++)
            {
                var high = HexValue(text[start + (2 * i)]);
                var low = HexValue(text[start + (2 * i) + 1]);
                if (high < 0 || low < 0)
                {
                    return null;
                }

                bytes[i] = (byte)((high << 4) | low);
            }

            return bytes;
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        }
    }
}
