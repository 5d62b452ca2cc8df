namespace Floe.Storage.FileSystem;

/// <summary>Configuration of <see cref="FileSystemBlobStore"/>.</summary>
public sealed record FileSystemBlobStoreOptions
{
    /// <summary>The directory that holds <c>blobs/</c> and <c>uploads/</c> (see docs/storage-layout.md).</summary>
    public required string RootPath { get; init; }
}
