namespace Floe.Server.Tests.Infrastructure;

/// <summary>A request body that gives <c>content</c> and then fails with <c>failure</c>, as a cut connection does.</summary>
internal sealed class FailingStream(byte[] content, Exception failure) : MemoryStream(content, writable: false)
{
    public override int Read(Span<byte> buffer)
    {
        int read = base.Read(buffer);
        return read > 0 ? read : throw failure;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));
}
