namespace Floe.Storage.Tests.Blobs;

/// <summary>A request body cut off partway: <c>content</c> is read, then the next read throws, as a socket reset does.</summary>
internal sealed class BrokenStream(byte[] content) : MemoryStream(content, writable: false)
{
    public override int Read(Span<byte> buffer)
    {
        int read = base.Read(buffer);
        return read > 0 ? read : throw new IOException("The client reset the connection.");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));
}
