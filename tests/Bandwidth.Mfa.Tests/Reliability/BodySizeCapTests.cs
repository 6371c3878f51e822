using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Bandwidth.Mfa.Tests.Support;
using NUnit.Framework;
using RichardSzalay.MockHttp;

namespace Bandwidth.Mfa.Tests.Reliability;

/// <summary>A huge body is not read whole into memory: reading stops a little past the cap.</summary>
public class BodySizeCapTests
{
    private const long HugeBody = 512L * 1024 * 1024;
    private const long ReadAllowance = 256 * 1024;

    [TestCase(HttpStatusCode.InternalServerError, true)]
    [TestCase(HttpStatusCode.BadGateway, false)]
    [TestCase(HttpStatusCode.NotFound, false)]
    [TestCase(HttpStatusCode.OK, true)]
    [TestCase(HttpStatusCode.OK, false)]
    public async Task A_huge_body_is_not_read_whole(HttpStatusCode status, bool declareLength)
    {
        var stream = new EndlessStream(HugeBody);
        var handler = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        handler.When("*").Respond(() =>
        {
            var content = new StreamContent(stream);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            content.Headers.ContentLength = declareLength ? HugeBody : null;
            return Task.FromResult(new HttpResponseMessage(status) { Content = content });
        });

        var ex = await Assert.ThrowsAsync(Is.InstanceOf<MfaException>(), () => TestClients.Over(handler).VerifyCodeAsync(MockMfa.AccountId, Requests.Verify()));

        Assert.That(stream.BytesRead, Is.LessThan(ReadAllowance), $"read {stream.BytesRead} bytes of a {HugeBody}-byte body");
        if (status == HttpStatusCode.OK)
        {
            Assert.That(ex, Is.InstanceOf<MfaInvalidResponseException>());
            Assert.That(ex!.Message, Does.Contain("larger than"));
        }
        else
        {
            Assert.That(ex, Is.InstanceOf<MfaApiException>());
            Assert.That(((MfaApiException)ex!).Status, Is.EqualTo((int)status));
        }
    }

    /// <summary>A stream of '{' bytes that counts how much was read, without holding any of it.</summary>
    private sealed class EndlessStream(long length) : Stream
    {
        private long _position;

        public long BytesRead => Interlocked.Read(ref _position);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'{');
            Interlocked.Add(ref _position, n);
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
