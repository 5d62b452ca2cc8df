using Floe.Core.Errors;
using Floe.Core.Content;
using Floe.Server.Errors;
using Floe.Server.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Floe.Server.Endpoints;

/// <summary>
/// <c>/v2/&lt;name&gt;/blobs/&lt;digest&gt;</c>: GET (with <c>Range</c>) and HEAD. With <c>BlobRedirect</c> on an
/// object store, a GET that passed the same authorization and lookup answers <c>307</c> to a short-lived URL
/// of the store; a HEAD is answered here (it carries no bytes, so a redirect would only add a round trip).
/// Small blobs are answered from memory once a GET has read them (<see cref="SmallBlobCache"/>).
/// </summary>
internal static class BlobEndpoints
{
    public static async Task<IResult> GetAsync(HttpContext context, RepositoryTarget target, string reference)
    {
        BlobService blobs = context.RequestServices.GetRequiredService<BlobService>();
        Result<BlobToServe> found = await blobs.FindAsync(target, reference, context.RequestAborted);
        if (!found.IsSuccess)
        {
            return found.Error.ToResult();
        }

        BlobToServe blob = found.Value;
        context.Response.Headers[RegistryHeaders.ContentDigest] = blob.Blob.Digest.ToString();
        EntityTagHeaderValue etag = new("\"" + blob.Blob.Digest + "\"");
        if (HttpMethods.IsGet(context.Request.Method) && blobs.RedirectFor(blob.Blob) is { } redirect)
        {
            return Results.Redirect(redirect.AbsoluteUri, permanent: false, preserveMethod: true);
        }

        SmallBlobCache cache = context.RequestServices.GetRequiredService<SmallBlobCache>();
        if (cache.TryGet(blob.Blob.Digest, out CachedBlob? cached)
            || (HttpMethods.IsGet(context.Request.Method) && (cached = await cache.FillAsync(blob.Blob, context.RequestAborted)) is not null))
        {
            return Results.Bytes(cached!.Content, MediaTypes.OctetStream, lastModified: cached.LastModified, entityTag: etag, enableRangeProcessing: true);
        }

        if (blob.LocalPath is not null)
        {
            return new LocalBlobResult(blob.LocalPath, blob.Blob.Size, etag);
        }

        Stream? stream = await blobs.Reader.OpenReadAsync(blob.Blob.Digest, context.RequestAborted);
        return stream is null
            ? RegistryErrors.BlobUnknown.ToResult()
            : Results.Stream(stream, MediaTypes.OctetStream, entityTag: etag, enableRangeProcessing: true);
    }
}
