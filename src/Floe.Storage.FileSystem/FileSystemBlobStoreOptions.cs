namespace Floe.Storage.FileSystem;

/// <summary>Configuration of <see cref="FileSystemBlobStore"/>.</summary>
public sealed record FileSystemBlobStoreOptions
{
    /// <summary>The directory that holds <c>blobs/</c> and <c>uploads/</c> (see docs/storage-layout.md).</summary>
    public required string RootPath { get; init; }

    /// <summary>
    /// Whether this process is the only one that appends to and commits the uploads under
    /// <see cref="RootPath"/>: true for a single node, whose SQLite metadata store one process holds.
    /// Then an append answers once its bytes are received and hashed, while its last write may still
    /// be running; the upload's next request waits for that write here (and fails if it failed). The
    /// disk keeps writing while the client sends its next chunk. False when nodes share the directory:
    /// every append is in the file before its answer, so any node can take the next request.
    /// </summary>
    public bool ExclusiveUploads { get; init; }
}
