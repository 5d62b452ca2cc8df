using Floe.Core.Content;
using Floe.Core.Naming;

namespace Floe.Core.Metadata;

/// <summary>A tenant of the deployment.</summary>
public sealed record AccountRecord(long Id, string Name, DateTimeOffset CreatedOn)
{
    public string? Comment { get; init; }

    /// <summary>The organization's first account: the only one with ORGADMIN and CREATE ACCOUNT.</summary>
    public bool IsOrganizationAccount { get; init; }

    /// <summary>The authentication policy set on the account, if any.</summary>
    public long? AuthenticationPolicyId { get; init; }
}

/// <summary>An image repository: the unit of access control.</summary>
/// <remarks>
/// <see cref="OwnerRole"/> is the name of the role holding OWNERSHIP. <see cref="DatabaseId"/> and
/// <see cref="SchemaId"/> are the ids of the database and schema named in <see cref="Key"/>,
/// <c>null</c> only for a repository created outside any schema by <see cref="IRepositoryStore.CreateRepositoryAsync"/>.
/// </remarks>
public sealed record RepositoryRecord(
    long Id,
    long AccountId,
    RepositoryKey Key,
    DateTimeOffset CreatedOn,
    string? OwnerRole,
    string? Comment,
    string Encryption)
{
    public long? DatabaseId { get; init; }

    public long? SchemaId { get; init; }
}

/// <summary>
/// What is needed to create a repository by its key. <see cref="OwnerRole"/>, when given, must name a
/// role of the account. The SQL layer uses <c>IImageRepositoryStore.CreateImageRepositoryAsync</c> instead,
/// which requires the schema to exist.
/// </summary>
public sealed record NewRepository(long AccountId, RepositoryKey Key, string? OwnerRole, string? Comment, string Encryption = "SNOWFLAKE_SSE");

/// <summary>A stored manifest, with its exact bytes.</summary>
public sealed record StoredManifest(
    Digest Digest,
    string MediaType,
    string? ArtifactType,
    Digest? Subject,
    long Size,
    byte[] Body,
    DateTimeOffset CreatedOn);

/// <summary>
/// A manifest to store under <see cref="RepositoryId"/>/<see cref="Image"/>, optionally tagged, in one
/// transaction. <see cref="Blobs"/> and <see cref="Children"/> are the digests it references, kept for
/// garbage collection.
/// </summary>
public sealed record ManifestWrite(
    long RepositoryId,
    string Image,
    Digest Digest,
    string MediaType,
    string? ArtifactType,
    Digest? Subject,
    byte[] Body,
    string? AnnotationsJson,
    string? Tag,
    IReadOnlyList<Digest> Blobs,
    IReadOnlyList<Digest> Children);

/// <summary>A manifest whose <c>subject</c> is the digest asked about: one entry of the referrers index.</summary>
public sealed record Referrer(Digest Digest, string MediaType, long Size, string? ArtifactType, string? AnnotationsJson);

/// <summary>A tag with what it points at, for <c>SHOW IMAGES</c>.</summary>
public sealed record TaggedImage(string Image, string? Tag, Digest Digest, DateTimeOffset CreatedOn);

/// <summary>
/// An open upload session: bound to the repository and image it was opened on and, once
/// authentication exists, to the principal that opened it.
/// </summary>
public sealed record UploadRecord(
    string Id,
    long RepositoryId,
    string Image,
    string? Principal,
    DateTimeOffset StartedOn,
    DateTimeOffset UpdatedOn);
