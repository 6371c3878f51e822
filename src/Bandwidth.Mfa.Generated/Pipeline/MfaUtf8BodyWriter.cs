using System;
using System.Buffers;
using System.Globalization;
using System.IO;
using System.Text;

namespace Bandwidth.Mfa.Pipeline
{
    /// <summary>
    /// A <see cref="TextWriter"/> that collects what the serializer writes in a pooled char buffer and hands it out once as
    /// UTF-8 bytes of the exact length: no <see cref="StringBuilder"/>, no intermediate string. Dispose returns the buffer.
    /// </summary>
    internal sealed class MfaUtf8BodyWriter : TextWriter
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, false);

        private char[]? _buffer;
        private int _length;

        internal MfaUtf8BodyWriter(int capacity = 256)
            : base(CultureInfo.InvariantCulture)
        {
            _buffer = ArrayPool<char>.Shared.Rent(capacity);
        }

        public override Encoding Encoding => Utf8;

        /// <summary>Whether the buffer went back to the pool (for the tests).</summary>
        internal bool Returned => _buffer == null;

        public override void Write(char value)
        {
            Ensure(1);
            _buffer![_length++] = value;
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Ensure(count);
            Array.Copy(buffer, index, _buffer!, _length, count);
            _length += count;
        }

        public override void Write(string? value)
        {
            if (value == null)
            {
                return;
            }

            Ensure(value.Length);
            value.CopyTo(0, _buffer!, _length, value.Length);
            _length += value.Length;
        }

        /// <summary>What was written, as UTF-8 (an unpaired surrogate becomes U+FFFD, as before).</summary>
        internal byte[] ToUtf8()
        {
            var buffer = _buffer ?? throw new ObjectDisposedException(nameof(MfaUtf8BodyWriter));
            var bytes = new byte[Utf8.GetByteCount(buffer, 0, _length)];
            Utf8.GetBytes(buffer, 0, _length, bytes, 0);
            return bytes;
        }

        protected override void Dispose(bool disposing)
        {
            var buffer = _buffer;
            _buffer = null;
            if (buffer != null)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }

            base.Dispose(disposing);
        }

        private void Ensure(int more)
        {
            var buffer = _buffer ?? throw new ObjectDisposedException(nameof(MfaUtf8BodyWriter));
            if (_length + more <= buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<char>.Shared.Rent(Math.Max(buffer.Length * 2, _length + more));
            Array.Copy(buffer, larger, _length);
            _buffer = larger;
            ArrayPool<char>.Shared.Return(buffer);
        }
    }
}
