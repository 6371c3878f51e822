using System.Buffers;
using Newtonsoft.Json;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// Newtonsoft.Json's char buffers rented from <see cref="ArrayPool{T}.Shared"/> instead of allocated per reader and
    /// writer (a reader's buffer alone is about 2 KB per call). Stateless: one instance serves every client.
    /// </summary>
    internal sealed class MfaCharPool : IArrayPool<char>
    {
        internal static readonly MfaCharPool Instance = new MfaCharPool();

        private MfaCharPool()
        {
        }

        public char[] Rent(int minimumLength) => ArrayPool<char>.Shared.Rent(minimumLength);

        public void Return(char[]? array)
        {
            if (array != null)
            {
                ArrayPool<char>.Shared.Return(array);
            }
        }
    }
}
