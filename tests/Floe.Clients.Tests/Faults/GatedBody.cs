using System.Net.Http.Headers;

namespace Floe.Clients.Tests.Faults;

/// <summary>
/// A request body that hands out its first <c>pauseAt</c> bytes, tells the test so (<see cref="Paused"/>),
/// and sends the rest only once the test opens the gate (<see cref="Resume"/>): a client caught
/// mid-request at a point the test chooses, whatever the machine's speed.
/// </summary>
internal sealed class GatedBody : MemoryStream
{
    private readonly int _pauseAt;
    private readonly TaskCompletionSource _paused = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _resume = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GatedBody(byte[] content, int pauseAt)
        : base(content, writable: false)
    {
        _pauseAt = pauseAt;
    }

    /// <summary>Completes once the first <c>pauseAt</c> bytes have been handed to the connection.</summary>
    public Task Paused => _paused.Task;

    public void Resume() => _resume.TrySetResult();

    /// <summary>The body as request content with its length declared (no chunked encoding).</summary>
    public HttpContent ToContent()
    {
        StreamContent content = new(this);
        content.Headers.ContentLength = Length;
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Position >= _pauseAt)
        {
            _paused.TrySetResult();
            await _resume.Task.WaitAsync(cancellationToken);
        }

        int limit = Position < _pauseAt ? (int)Math.Min(buffer.Length, _pauseAt - Position) : buffer.Length;
        return await base.ReadAsync(buffer[..Math.Min(limit, 64 * 1024)], cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
