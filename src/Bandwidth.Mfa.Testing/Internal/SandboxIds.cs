using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bandwidth.Mfa.Testing.Internal
{
    /// <summary>Random codes and identifiers in the shapes the real service uses. Thread-safe.</summary>
    internal static class SandboxIds
    {
        private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyz0123456789";
        private const string Hex = "0123456789abcdef";

        private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

        /// <summary>A code of <paramref name="digits"/> decimal digits, each uniformly distributed (leading zeros allowed).</summary>
        internal static string Code(int digits)
        {
            return Pick("0123456789", digits);
        }

        /// <summary>A message id like <c>1589228074636lm4k2je7j7jklbn2</c>: 13 digits of Unix milliseconds and 16 lowercase letters or digits.</summary>
        internal static string MessageId(DateTimeOffset now)
        {
            var millis = Math.Max(0, now.ToUnixTimeMilliseconds()) % 10_000_000_000_000L;
            return millis.ToString("D13", CultureInfo.InvariantCulture) + Pick(Alphanumeric, 16);
        }

        /// <summary>A call id like <c>c-15ac29a2-1331029c-2cb0-4a07-b215-b22865662d85</c>.</summary>
        internal static string CallId()
        {
            return "c-" + Pick(Hex, 8) + "-" + Guid.NewGuid().ToString("D");
        }

        /// <summary>A request id for error bodies: a fresh GUID.</summary>
        internal static string RequestId()
        {
            return Guid.NewGuid().ToString("D");
        }

        private static string Pick(string alphabet, int length)
        {
            // Rejection sampling keeps every character equally likely.
            var limit = 256 - (256 % alphabet.Length);
            var builder = new StringBuilder(length);
            var buffer = new byte[length * 2];
            while (builder.Length < length)
            {
                lock (Random)
                {
                    Random.GetBytes(buffer);
                }

                foreach (var value in buffer)
                {
                    if (value < limit)
                    {
                        builder.Append(alphabet[value % alphabet.Length]);
                        if (builder.Length == length)
                        {
                            break;
                        }
                    }
                }
            }

            return builder.ToString();
        }
    }
}
