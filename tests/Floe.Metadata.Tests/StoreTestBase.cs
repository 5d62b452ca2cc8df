using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

/// <summary>
/// A fresh, migrated <see cref="IMetadataStore"/> per test with a manual clock at <see cref="Start"/>:
/// the lifecycle every contract suite shares. A backend supplies <see cref="CreateStore"/>.
/// </summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    /// <summary>Whole milliseconds: stores keep timestamps to the millisecond.</summary>
    protected static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);

    private IMetadataStore? _store;

    protected ManualTimeProvider Clock { get; } = new(Start);

    protected IMetadataStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected static CancellationToken Token => CancellationToken.None;

    /// <summary>A new store over empty storage, reading time from <paramref name="clock"/>; not yet migrated.</summary>
    protected abstract IMetadataStore CreateStore(TimeProvider clock);

    /// <summary>Removes the backend's storage once the store is disposed.</summary>
    protected virtual ValueTask DeleteStorageAsync() => ValueTask.CompletedTask;

    public async Task InitializeAsync()
    {
        _store = CreateStore(Clock);
        await _store.MigrateAsync(Token);
    }

    public async Task DisposeAsync()
    {
        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        await DeleteStorageAsync();
    }
}
