namespace Floe.Server.Observability;

/// <summary>
/// What a request did, as the <c>operation</c> label of the request metrics: a fixed set, so that a
/// metric never carries a repository, user or account name (cardinality and tenant privacy).
/// </summary>
internal enum RequestOperation
{
    /// <summary>Not a metered endpoint (health probes, <c>/metrics</c> itself, unknown paths).</summary>
    None,
    Base,
    Catalog,
    ManifestGet,
    ManifestHead,
    ManifestPut,
    BlobGet,
    BlobHead,
    UploadStart,
    UploadChunk,
    UploadComplete,
    UploadStatus,
    UploadCancel,
    TagsList,
    Referrers,

    /// <summary>A <c>/v2/</c> request that names no endpoint or method the registry serves.</summary>
    RegistryOther,
    Token,
    Sql,
}
