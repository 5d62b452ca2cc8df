namespace Floe.Storage.Tests.Blobs;

/// <summary>
/// A forward-only stream of <c>length</c> pseudo-random bytes made on the fly (xorshift64), so tests
/// can push blobs far larger than they would want to hold in memory. The same seed gives the same
/// bytes, however the reads are sized.
/// </summary>
internal sealed class GeneratedStream : Stream
{
    private readonly long length;
    private ulong state;
    private int usedBytesOfState = 8;
    private long produced;

    public GeneratedStream(long length, ulong seed)
    {
        this.length = length;
        state = seed | 1;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - produced);
        for (int i = 0; i < count; i++)
        {
            buffer[i] = NextByte();
        }

        produced += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private byte NextByte()
    {
        if (usedBytesOfState == 8)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usedBytesOfState = 0;
        }

        return (byte)(state >> (8 * usedBytesOfState++));
    }
}
