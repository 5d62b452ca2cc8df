namespace Floe.Storage.S3;

/// <summary>Which checksums the S3 client adds to its requests (and checks on responses).</summary>
public enum S3ChecksumMode
{
    /// <summary>Only where the operation requires one: what most S3-compatible servers (Ceph RGW, MinIO's older releases) accept.</summary>
    WhenRequired,

    /// <summary>On every request that supports one (the SDK's default, CRC32 trailers): Amazon S3 itself.</summary>
    WhenSupported,
}

/// <summary>Configuration of <see cref="S3BlobStore"/> (docs/configuration.md, "S3").</summary>
public sealed record S3BlobStoreOptions
{
    /// <summary>The smallest part S3 accepts in a multipart upload, except the last.</summary>
    public const long MinimumPartSize = 5L << 20;

    /// <summary>The largest object a single server-side copy may take, so the largest part.</summary>
    public const long MaximumPartSize = 5L << 30;

    /// <summary>The most parts one append may have on disk or in flight.</summary>
    public const int MaximumUploadConcurrency = 64;

    /// <summary>The service URL (<c>http://127.0.0.1:7480</c>); <c>null</c> for Amazon S3 in <see cref="Region"/>.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The bucket; it must exist (Floe never creates it).</summary>
    public required string Bucket { get; init; }

    /// <summary>A key prefix, so that several registries (or test runs) may share a bucket; empty by default.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>The access key; with <see cref="SecretKey"/> unset too, the SDK's default credential chain is used.</summary>
    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    /// <summary><c>endpoint/bucket/key</c> instead of <c>bucket.endpoint/key</c>: what most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; init; } = true;

    public S3ChecksumMode ChecksumMode { get; init; } = S3ChecksumMode.WhenRequired;

    /// <summary>The size of the parts an upload's bytes are gathered into (5 MiB to 5 GiB).</summary>
    public long PartSize { get; init; } = 8L << 20;

    /// <summary>
    /// How many parts one append sends at once while the request body keeps streaming into the next (1 to 64).
    /// Each is a spill file of <see cref="PartSize"/> on the node's disk until it is sent, so an append keeps
    /// at most this many parts on disk; memory does not grow with it beyond the SDK's buffers of each send.
    /// </summary>
    public int UploadConcurrency { get; init; } = 4;

    /// <summary>
    /// The largest object copied with one <c>CopyObject</c> (S3 refuses more than 5 GiB); a larger one is copied
    /// by a multipart upload of ranged <c>UploadPartCopy</c>s. Lowered only to exercise that path without 5 GiB of data.
    /// </summary>
    public long CopyObjectLimit { get; init; } = MaximumPartSize;

    /// <summary>Where an append gathers a part before sending it; the system's temporary directory by default.</summary>
    public string? SpillDirectory { get; init; }
}
