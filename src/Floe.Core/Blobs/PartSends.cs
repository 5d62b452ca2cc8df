namespace Floe.Core.Blobs;

/// <summary>
/// For the object stores: the sends of an upload's parts (S3 parts, Azure blocks), at most a fixed number
/// in flight while the request body keeps streaming into the next part. Parts are numbered before they are
/// sent, so the order in which sends finish does not matter. The first failure stops the rest (their
/// cancellation is signalled) and is thrown by the next <see cref="WaitForRoomAsync"/> or by
/// <see cref="WhenAllAsync"/>; disposing waits for every send still running, so nothing outlives the
/// append (a send owns its part's spill file and deletes it when it ends).
/// </summary>
public sealed class PartSends : IAsyncDisposable
{
    private readonly List<Task> _running = [];
    private readonly int _limit;
    private readonly CancellationTokenSource _stop;

    public PartSends(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>
    /// Starts <paramref name="send"/> at once; it runs even when the sends are already stopped (then with its
    /// token cancelled), so whatever it owns is always released by it. Call <see cref="WaitForRoomAsync"/> next.
    /// </summary>
    public void Start(Func<CancellationToken, Task> send)
    {
        ArgumentNullException.ThrowIfNull(send);
        CancellationToken token = _stop.Token;
        _running.Add(Task.Run(() => send(token), CancellationToken.None));
    }

    /// <summary>Waits until fewer than the limit are running; throws the failure of one that ended badly.</summary>
    public ValueTask WaitForRoomAsync() => ObserveAsync(_limit - 1);

    /// <summary>Waits for every send; throws the first failure.</summary>
    public ValueTask WhenAllAsync() => ObserveAsync(0);

    public async ValueTask DisposeAsync()
    {
        if (_running.Count > 0)
        {
            await _stop.CancelAsync();
            try
            {
                await Task.WhenAll(_running);
            }
            catch (Exception)
            {
                // The append is failing already (this is its cleanup): the first failure was or will be thrown there.
            }
        }

        _stop.Dispose();
    }

    /// <summary>Waits until at most <paramref name="left"/> sends run, removing those that ended and throwing a failure.</summary>
    private async ValueTask ObserveAsync(int left)
    {
        while (true)
        {
            // A send that failed is thrown before one that was only cancelled because of it.
            Task? failed = _running.Find(task => task.IsFaulted) ?? _running.Find(task => task.IsCanceled);
            if (failed is not null)
            {
                _running.Remove(failed);
                await _stop.CancelAsync();
                await failed;
            }

            _running.RemoveAll(task => task.IsCompletedSuccessfully);
            if (_running.Count <= left)
            {
                return;
            }

            await Task.WhenAny(_running);
        }
    }
}
