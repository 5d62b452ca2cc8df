namespace Floe.Server.Hosting;

/// <summary>
/// Which backends keep the metadata and the blobs, and where. The names are looked up in the
/// <see cref="FloeBackends"/> the composition root gives the server; see docs/design/backends.md.
/// </summary>
public sealed record StorageOptions
{
    /// <summary>The embedded SQLite metadata store, a file in <see cref="DataDir"/>.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The filesystem blob store, under <see cref="DataDir"/>.</summary>
    public const string FileSystem = "filesystem";

    /// <summary>The directory of the embedded defaults: the SQLite database and the filesystem blobs.</summary>
    public string DataDir { get; init; } = "./floe-data";

    /// <summary>The metadata backend: <c>sqlite</c> (the default).</summary>
    public string MetadataStore { get; init; } = Sqlite;

    /// <summary>The connection string of a metadata backend that is a database server; the embedded SQLite takes none.</summary>
    public string? MetadataConnectionString { get; init; }

    /// <summary>The blob backend: <c>filesystem</c> (the default).</summary>
    public string BlobStore { get; init; } = FileSystem;

    /// <summary>The SQLite database file in <see cref="DataDir"/>.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDir), "metadata.db");

    /// <summary>The root of the filesystem blob store in <see cref="DataDir"/> (docs/storage-layout.md).</summary>
    public string BlobRoot => Path.Combine(Path.GetFullPath(DataDir), "storage");
}
