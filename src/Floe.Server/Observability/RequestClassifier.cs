using Microsoft.AspNetCore.Http;

namespace Floe.Server.Observability;

/// <summary>
/// Tells a request's <see cref="RequestOperation"/> from its method and path, without allocating: the
/// <c>/v2/</c> endpoints by the fixed suffixes that <see cref="Endpoints.RegistryRoute"/> also reads from the end.
/// </summary>
internal static class RequestClassifier
{
    public static RequestOperation Classify(string method, ReadOnlySpan<char> path)
    {
        if (path.StartsWith("/v2", StringComparison.Ordinal) && (path.Length == 3 || path[3] == '/'))
        {
            return Registry(method, path.Length <= 4 ? [] : path[4..]);
        }

        if (path.Equals("/oauth/token", StringComparison.Ordinal) || path.Equals("/login", StringComparison.Ordinal))
        {
            return RequestOperation.Token;
        }

        return path.Equals("/api/v2/statements", StringComparison.Ordinal) ? RequestOperation.Sql : RequestOperation.None;
    }

    private static RequestOperation Registry(string method, ReadOnlySpan<char> rest)
    {
        bool get = HttpMethods.IsGet(method);
        bool head = HttpMethods.IsHead(method);
        if (rest.IsEmpty)
        {
            return RequestOperation.Base;
        }

        if (rest.Equals("_catalog", StringComparison.Ordinal))
        {
            return RequestOperation.Catalog;
        }

        if (rest.EndsWith("/blobs/uploads/", StringComparison.Ordinal) || rest.EndsWith("/blobs/uploads", StringComparison.Ordinal))
        {
            return HttpMethods.IsPost(method) ? RequestOperation.UploadStart : RequestOperation.RegistryOther;
        }

        if (rest.EndsWith("/tags/list", StringComparison.Ordinal))
        {
            return get || head ? RequestOperation.TagsList : RequestOperation.RegistryOther;
        }

        int last = rest.LastIndexOf('/');
        if (last <= 0)
        {
            return RequestOperation.RegistryOther;
        }

        ReadOnlySpan<char> prefix = rest[..last];
        if (prefix.EndsWith("/blobs/uploads", StringComparison.Ordinal))
        {
            return method switch
            {
                _ when HttpMethods.IsPatch(method) => RequestOperation.UploadChunk,
                _ when HttpMethods.IsPut(method) => RequestOperation.UploadComplete,
                _ when get => RequestOperation.UploadStatus,
                _ when HttpMethods.IsDelete(method) => RequestOperation.UploadCancel,
                _ => RequestOperation.RegistryOther,
            };
        }

        int kind = prefix.LastIndexOf('/');
        ReadOnlySpan<char> segment = kind <= 0 ? [] : prefix[(kind + 1)..];
        if (segment.Equals("manifests", StringComparison.Ordinal))
        {
            return get ? RequestOperation.ManifestGet
                : head ? RequestOperation.ManifestHead
                : HttpMethods.IsPut(method) ? RequestOperation.ManifestPut
                : RequestOperation.RegistryOther;
        }

        if (segment.Equals("blobs", StringComparison.Ordinal))
        {
            return get ? RequestOperation.BlobGet : head ? RequestOperation.BlobHead : RequestOperation.RegistryOther;
        }

        return segment.Equals("referrers", StringComparison.Ordinal) && get ? RequestOperation.Referrers : RequestOperation.RegistryOther;
    }
}
