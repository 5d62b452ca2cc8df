namespace Floe.Server.Hosting;

/// <summary>
/// Which backends keep the metadata and the blobs, and where. The names are looked up in the
/// <see cref="FloeBackends"/> the composition root gives the server; see docs/design/backends.md.
/// </summary>
public sealed record StorageOptions
{
    /// <summary>The embedded SQLite metadata store, a file in <see cref="DataDir"/>.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The PostgreSQL metadata store, shared by every node, reached with <see cref="MetadataConnectionString"/>.</summary>
    public const string Postgres = "postgres";

    /// <summary>The filesystem blob store, under <see cref="DataDir"/>.</summary>
    public const string FileSystem = "filesystem";

    /// <summary>Blobs in a bucket of Amazon S3 or of an S3-compatible server (the <c>S3*</c> settings).</summary>
    public const string S3 = "s3";

    /// <summary>Blobs in an Azure Blob Storage container (the <c>Azure*</c> settings).</summary>
    public const string Azure = "azure";

    /// <summary>The directory of the embedded defaults: the SQLite database and the filesystem blobs.</summary>
    public string DataDir { get; init; } = "./floe-data";

    /// <summary>The metadata backend: <c>sqlite</c> (the default) or <c>postgres</c>.</summary>
    public string MetadataStore { get; init; } = Sqlite;

    /// <summary>
    /// Whether this process is the whole deployment: with the SQLite metadata store the database lives
    /// in <see cref="DataDir"/>, which one process holds, so no other node can share its uploads.
    /// </summary>
    public bool IsSingleNode => string.Equals(MetadataStore.Trim(), Sqlite, StringComparison.OrdinalIgnoreCase);

    /// <summary>The connection string of a metadata backend that is a database server; the embedded SQLite takes none.</summary>
    public string? MetadataConnectionString { get; init; }

    /// <summary>The blob backend: <c>filesystem</c> (the default), <c>s3</c> or <c>azure</c>.</summary>
    public string BlobStore { get; init; } = FileSystem;

    /// <summary>
    /// Blob downloads (<c>GET</c>) answer <c>307</c> to a short-lived URL of the object store (an S3 pre-signed
    /// URL, an Azure SAS URL) instead of streaming through the node; only for <c>s3</c> and <c>azure</c>.
    /// </summary>
    public bool BlobRedirect { get; init; }

    /// <summary>How long a redirect's URL stays valid, in seconds (the client must start its download within it).</summary>
    public int BlobRedirectExpirySeconds { get; init; } = 1200;

    /// <summary>How many parts (S3) or blocks (Azure) one upload request sends to the object store at once (1 to 64).</summary>
    public int BlobUploadConcurrency { get; init; } = 4;

    /// <summary>The S3 service URL; unset for Amazon S3 itself (then <see cref="S3Region"/> chooses the endpoint).</summary>
    public string? S3Endpoint { get; init; }

    /// <summary>The region S3 requests are signed for.</summary>
    public string S3Region { get; init; } = "us-east-1";

    /// <summary>The bucket of the blobs; it must exist.</summary>
    public string? S3Bucket { get; init; }

    /// <summary>A key prefix inside the bucket (empty: the bucket's root).</summary>
    public string S3Prefix { get; init; } = string.Empty;

    /// <summary>The access key; with <see cref="S3SecretKey"/> unset too, the AWS SDK's default credentials (environment, instance role).</summary>
    public string? S3AccessKey { get; init; }

    public string? S3SecretKey { get; init; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which most S3-compatible servers need.</summary>
    public bool S3ForcePathStyle { get; init; } = true;

    /// <summary><c>when-required</c> (the default; what S3-compatible servers accept) or <c>when-supported</c> (the SDK's newer checksums).</summary>
    public string S3ChecksumMode { get; init; } = "when-required";

    /// <summary>The size of the parts an upload is gathered into, in MiB (5 to 5120).</summary>
    public int S3PartSizeMiB { get; init; } = 8;

    /// <summary>An Azure Storage connection string.</summary>
    public string? AzureConnectionString { get; init; }

    /// <summary>The container of the blobs; it must exist.</summary>
    public string? AzureContainer { get; init; }

    /// <summary>A name prefix inside the container (empty: the container's root).</summary>
    public string AzurePrefix { get; init; } = string.Empty;

    /// <summary>The SQLite database file in <see cref="DataDir"/>.</summary>
    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDir), "metadata.db");

    /// <summary>The root of the filesystem blob store in <see cref="DataDir"/> (docs/storage-layout.md).</summary>
    public string BlobRoot => Path.Combine(Path.GetFullPath(DataDir), "storage");
}
