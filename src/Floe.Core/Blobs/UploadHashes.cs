using System.Collections.Concurrent;
using System.Security.Cryptography;
using Floe.Core.Content;

namespace Floe.Core.Blobs;

/// <summary>
/// For blob stores whose uploads live outside this process (the object stores): the running hash of each
/// upload this process has been receiving, with the offset it has reached. An upload continued here after
/// another node (or a restart) had it finds no hash at its offset; its commit then re-reads the stored
/// bytes instead. One lock per upload keeps appends to one upload in
/// order within this process.
/// </summary>
public sealed class UploadHashes
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The upload's lock; held across an append or a commit.</summary>
    public async ValueTask<IDisposable> LockAsync(string uploadId, CancellationToken cancellationToken)
    {
        Entry entry = _entries.GetOrAdd(uploadId, _ => new Entry());
        await entry.Gate.WaitAsync(cancellationToken);
        return new Release(entry.Gate);
    }

    /// <summary>The running hash when it has seen exactly <paramref name="offset"/> bytes of <paramref name="algorithm"/>, else <c>null</c>.</summary>
    public IncrementalHash? Find(string uploadId, DigestAlgorithm algorithm, long offset) =>
        _entries.TryGetValue(uploadId, out Entry? entry) && entry.Hash is not null && entry.Algorithm == algorithm && entry.Offset == offset
            ? entry.Hash
            : null;

    /// <summary>Keeps <paramref name="hash"/> as the upload's running hash at <paramref name="offset"/>.</summary>
    public void Keep(string uploadId, DigestAlgorithm algorithm, IncrementalHash hash, long offset)
    {
        Entry entry = _entries.GetOrAdd(uploadId, _ => new Entry());
        if (!ReferenceEquals(entry.Hash, hash))
        {
            entry.Hash?.Dispose();
        }

        (entry.Hash, entry.Algorithm, entry.Offset) = (hash, algorithm, offset);
    }

    /// <summary>
    /// Like <see cref="Find"/>, but the hash leaves the table: the caller gives it back with <see cref="Keep"/>
    /// once the bytes it saw are stored, or disposes of it.
    /// </summary>
    public IncrementalHash? Take(string uploadId, DigestAlgorithm algorithm, long offset)
    {
        IncrementalHash? hash = Find(uploadId, algorithm, offset);
        if (_entries.TryGetValue(uploadId, out Entry? entry))
        {
            if (hash is null)
            {
                entry.Hash?.Dispose();
            }

            entry.Hash = null;
        }

        return hash;
    }

    /// <summary>The upload ended: drops its hash and lock.</summary>
    public void Remove(string uploadId)
    {
        if (_entries.TryRemove(uploadId, out Entry? entry))
        {
            entry.Hash?.Dispose();
            entry.Hash = null;
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IncrementalHash? Hash { get; set; }

        public DigestAlgorithm Algorithm { get; set; }

        public long Offset { get; set; }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
