namespace Floe.Storage.Azure;

/// <summary>Configuration of <see cref="AzureBlobStore"/> (docs/configuration.md, "Azure Blob").</summary>
public sealed record AzureBlobStoreOptions
{
    /// <summary>The largest block Azure Blob accepts.</summary>
    public const long MaximumBlockSize = 4000L << 20;

    /// <summary>A storage account connection string (<c>DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…</c>).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The container; it must exist (Floe never creates it).</summary>
    public required string Container { get; init; }

    /// <summary>A name prefix, so that several registries (or test runs) may share a container; empty by default.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>The largest block an append stages; a request body longer than this becomes several blocks.</summary>
    public long BlockSize { get; init; } = 8L << 20;

    /// <summary>The most blocks one append may have on disk or in flight.</summary>
    public const int MaximumUploadConcurrency = 64;

    /// <summary>
    /// How many blocks one append stages at once while the request body keeps streaming into the next (1 to 64).
    /// Each is a spill file of at most <see cref="BlockSize"/> on the node's disk until it is staged, so an
    /// append keeps at most this many blocks on disk; memory does not grow with it beyond the SDK's buffers.
    /// </summary>
    public int UploadConcurrency { get; init; } = 4;

    /// <summary>Where an append gathers a block before staging it; the system's temporary directory by default.</summary>
    public string? SpillDirectory { get; init; }
}
