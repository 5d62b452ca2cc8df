namespace Floe.Core.Errors;

/// <summary>
/// The registry's error table (OCI distribution-spec v1.1, "Error Codes", plus the statuses Floe
/// adds where the spec leaves a choice). Statuses follow the CNCF distribution registry where the
/// spec does not fix one, so that clients written against it behave the same.
/// </summary>
public static class RegistryErrors
{
    public static readonly RegistryErrorCode BlobUnknown =
        new("BLOB_UNKNOWN", 404, "blob unknown to registry");

    public static readonly RegistryErrorCode BlobUploadInvalid =
        new("BLOB_UPLOAD_INVALID", 400, "blob upload invalid");

    /// <summary>A chunk that does not start where the upload ends (distribution-spec: 416).</summary>
    public static readonly RegistryErrorCode BlobUploadOutOfOrder =
        new("BLOB_UPLOAD_INVALID", 416, "chunk out of order: it must start at the upload's current end");

    /// <summary>A blob <c>Range</c> request that the blob cannot satisfy.</summary>
    public static readonly RegistryErrorCode RangeNotSatisfiable =
        new("BLOB_UPLOAD_INVALID", 416, "requested range not satisfiable");

    public static readonly RegistryErrorCode BlobUploadUnknown =
        new("BLOB_UPLOAD_UNKNOWN", 404, "blob upload unknown to registry");

    public static readonly RegistryErrorCode DigestInvalid =
        new("DIGEST_INVALID", 400, "provided digest did not match uploaded content");

    public static readonly RegistryErrorCode ManifestBlobUnknown =
        new("MANIFEST_BLOB_UNKNOWN", 400, "manifest references a manifest or blob unknown to registry");

    public static readonly RegistryErrorCode ManifestInvalid =
        new("MANIFEST_INVALID", 400, "manifest invalid");

    public static readonly RegistryErrorCode ManifestTooLarge =
        new("MANIFEST_INVALID", 413, "manifest too large: the limit is 4 MiB");

    public static readonly RegistryErrorCode ManifestUnknown =
        new("MANIFEST_UNKNOWN", 404, "manifest unknown to registry");

    public static readonly RegistryErrorCode NameInvalid =
        new("NAME_INVALID", 400, "invalid repository name");

    public static readonly RegistryErrorCode NameUnknown =
        new("NAME_UNKNOWN", 404, "repository name not known to registry");

    public static readonly RegistryErrorCode SizeInvalid =
        new("SIZE_INVALID", 400, "provided length did not match content length");

    public static readonly RegistryErrorCode Unauthorized =
        new("UNAUTHORIZED", 401, "authentication required");

    public static readonly RegistryErrorCode Denied =
        new("DENIED", 403, "requested access to the resource is denied");

    public static readonly RegistryErrorCode Unsupported =
        new("UNSUPPORTED", 405, "the operation is unsupported");

    public static readonly RegistryErrorCode TooManyRequests =
        new("TOOMANYREQUESTS", 429, "too many requests");

    /// <summary>A request body over the endpoint's size cap (not a manifest: see <see cref="ManifestTooLarge"/>).</summary>
    public static readonly RegistryErrorCode BodyTooLarge =
        new("SIZE_INVALID", 413, "request body too large");

    /// <summary>An <c>n</c> query parameter that is not a number (the CNCF distribution registry's code).</summary>
    public static readonly RegistryErrorCode PaginationNumberInvalid =
        new("PAGINATION_NUMBER_INVALID", 400, "invalid number of results requested");

    /// <summary>
    /// The store has no space left (a full disk or quota). The CNCF distribution registry's code for a
    /// service that cannot answer now; clients may retry, and the response says when (<c>Retry-After</c>).
    /// </summary>
    public static readonly RegistryErrorCode StorageFull =
        new("UNAVAILABLE", 503, "service unavailable: the registry's storage is full; try again once space has been freed");

    /// <summary>The blob or metadata store cannot be reached or refuses I/O; clients may retry (<c>Retry-After</c>).</summary>
    public static readonly RegistryErrorCode StorageUnavailable =
        new("UNAVAILABLE", 503, "service unavailable: the registry's storage cannot be reached; try again later");

    /// <summary>
    /// An upload commit of a digest that garbage collection is deleting at this moment (or that lost its
    /// claim on the digest to a collection): nothing was acknowledged, and pushing the blob again succeeds.
    /// </summary>
    public static readonly RegistryErrorCode BlobBeingCollected =
        new("UNAVAILABLE", 503, "service unavailable: garbage collection is removing this blob; push it again");

    /// <summary>A fault the server did not expect (the CNCF distribution registry's code); the server log has its trace.</summary>
    public static readonly RegistryErrorCode Unknown =
        new("UNKNOWN", 500, "unknown error");

    /// <summary>Every row, for tests and documentation.</summary>
    public static IReadOnlyList<RegistryErrorCode> All { get; } =
    [
        BlobUnknown, BlobUploadInvalid, BlobUploadOutOfOrder, RangeNotSatisfiable, BlobUploadUnknown,
        DigestInvalid, ManifestBlobUnknown, ManifestInvalid, ManifestTooLarge, ManifestUnknown,
        NameInvalid, NameUnknown, SizeInvalid, Unauthorized, Denied, Unsupported, TooManyRequests,
        BodyTooLarge, PaginationNumberInvalid, StorageFull, StorageUnavailable, BlobBeingCollected, Unknown,
    ];
}
