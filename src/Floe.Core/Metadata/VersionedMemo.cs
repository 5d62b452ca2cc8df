using System.Collections.Concurrent;

namespace Floe.Core.Metadata;

/// <summary>
/// Values kept under the store version they were read at (a counter the store moves in the same
/// transaction as every change the values depend on, such as the security version or the tag version).
/// A value is handed only to a caller that read that very version; the first caller to read a newer
/// version starts an empty memo, and everything kept under an older one is dropped with it. Nothing is
/// trusted by age. Callers read the version <em>before</em> the data they keep, so a value is never older
/// than its label. Safe for concurrent callers.
/// </summary>
/// <param name="capacity">The most weight kept under one version; past it, that version's values are dropped and kept again as they are read.</param>
/// <param name="weigh">A value's weight (1 to count values, a length to count bytes).</param>
public sealed class VersionedMemo<TKey, TValue>(long capacity, Func<TValue, long> weigh)
    where TKey : notnull
{
    private Generation _current = new(long.MinValue);

    /// <summary>The value kept for <paramref name="key"/> under <paramref name="version"/>, if any.</summary>
    public bool TryGet(long version, TKey key, out TValue value)
    {
        Generation generation = Current(version);
        if (generation.Version == version && generation.Values.TryGetValue(key, out TValue? known))
        {
            value = known;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/>, read under <paramref name="version"/>, unless a newer version has been seen since.</summary>
    public void Keep(long version, TKey key, TValue value)
    {
        Generation generation = Current(version);
        if (generation.Version == version)
        {
            generation.Keep(key, value, weigh(value), capacity);
        }
    }

    /// <summary>The memo of the newest version seen, starting one for <paramref name="version"/> when it is newer.</summary>
    private Generation Current(long version)
    {
        Generation generation = Volatile.Read(ref _current);
        if (generation.Version >= version)
        {
            return generation;
        }

        // A reader that lost the race takes the winner's.
        Generation fresh = new(version);
        Generation seen = Interlocked.CompareExchange(ref _current, fresh, generation);
        return ReferenceEquals(seen, generation) ? fresh : seen;
    }

    /// <summary>The values kept under one version, and their weight.</summary>
    private sealed class Generation(long version)
    {
        private long _weight;

        public long Version { get; } = version;

        public ConcurrentDictionary<TKey, TValue> Values { get; } = new();

        public void Keep(TKey key, TValue value, long weight, long capacity)
        {
            if (Values.TryAdd(key, value) && Interlocked.Add(ref _weight, weight) > capacity)
            {
                Values.Clear();
                Interlocked.Exchange(ref _weight, 0);
            }
        }
    }
}
