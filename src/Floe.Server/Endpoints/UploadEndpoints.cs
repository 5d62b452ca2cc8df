using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Server.Errors;
using Floe.Server.Observability.History;
using Floe.Server.Registry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Server.Endpoints;

/// <summary>
/// <c>/v2/&lt;name&gt;/blobs/uploads/</c> and <c>/v2/&lt;name&gt;/blobs/uploads/&lt;id&gt;</c>: open
/// (POST, with single-POST and mount variants), send chunks (PATCH), complete (PUT), status (GET)
/// and cancel (DELETE).
/// </summary>
internal static class UploadEndpoints
{
    public static async Task<IResult> StartAsync(HttpContext context, RepositoryTarget target)
    {
        UploadService uploads = context.RequestServices.GetRequiredService<UploadService>();
        IQueryCollection query = context.Request.Query;
        CancellationToken cancellationToken = context.RequestAborted;

        string? mount = query["mount"];
        if (!string.IsNullOrEmpty(mount) && Digest.TryParse(mount, out Digest mountDigest))
        {
            RepositoryTarget? source = await ResolveSourceAsync(context, target, query["from"]);
            BlobInfo? mounted = await uploads.TryMountAsync(target, mountDigest, source, cancellationToken);
            if (mounted is not null)
            {
                context.RequestServices.GetRequiredService<HistoryRecorder>().RecordRegistry(context, target, "mount", mounted.Digest.ToString(), mounted.Digest);
                return BlobCreated(context, target, mounted.Digest);
            }
        }

        string? digestText = query["digest"];
        if (!string.IsNullOrEmpty(digestText))
        {
            if (!Digest.TryParse(digestText, out Digest digest))
            {
                return RegistryErrors.DigestInvalid.ToResult($"'{digestText}' is not a valid digest");
            }

            Result<BlobInfo> whole = await uploads.UploadWholeAsync(target, digest, context.Request.Body, cancellationToken);
            return whole.IsSuccess ? BlobCreated(context, target, whole.Value.Digest) : whole.Error.ToResult();
        }

        UploadState upload = await uploads.StartAsync(target, DigestAlgorithm.Sha256, cancellationToken);
        return UploadAccepted(context, target, upload, StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> PatchAsync(HttpContext context, RepositoryTarget target, string uploadId)
    {
        Result<ContentRange?> range = ReadContentRange(context.Request);
        if (!range.IsSuccess)
        {
            return range.Error.ToResult();
        }

        UploadService uploads = context.RequestServices.GetRequiredService<UploadService>();
        Result<UploadState> appended = await uploads.AppendAsync(target, uploadId, range.Value, context.Request.Body, context.RequestAborted);
        return appended.IsSuccess
            ? UploadAccepted(context, target, appended.Value, StatusCodes.Status202Accepted)
            : appended.Error.ToResult();
    }

    public static async Task<IResult> PutAsync(HttpContext context, RepositoryTarget target, string uploadId)
    {
        string? digestText = context.Request.Query["digest"];
        if (!Digest.TryParse(digestText, out Digest digest))
        {
            return RegistryErrors.DigestInvalid.ToResult($"the digest query parameter '{digestText}' is missing or invalid");
        }

        Result<ContentRange?> range = ReadContentRange(context.Request);
        if (!range.IsSuccess)
        {
            return range.Error.ToResult();
        }

        UploadService uploads = context.RequestServices.GetRequiredService<UploadService>();
        CancellationToken cancellationToken = context.RequestAborted;
        if (HasBody(context.Request))
        {
            Result<UploadState> appended = await uploads.AppendAsync(target, uploadId, range.Value, context.Request.Body, cancellationToken);
            if (!appended.IsSuccess)
            {
                return appended.Error.ToResult();
            }
        }

        Result<BlobInfo> blob = await uploads.CompleteAsync(target, uploadId, digest, cancellationToken);
        return blob.IsSuccess ? BlobCreated(context, target, blob.Value.Digest) : blob.Error.ToResult();
    }

    public static async Task<IResult> GetStatusAsync(HttpContext context, RepositoryTarget target, string uploadId)
    {
        UploadService uploads = context.RequestServices.GetRequiredService<UploadService>();
        Result<UploadState> status = await uploads.GetStatusAsync(target, uploadId, context.RequestAborted);
        return status.IsSuccess
            ? UploadAccepted(context, target, status.Value, StatusCodes.Status204NoContent)
            : status.Error.ToResult();
    }

    public static async Task<IResult> CancelAsync(HttpContext context, RepositoryTarget target, string uploadId)
    {
        UploadService uploads = context.RequestServices.GetRequiredService<UploadService>();
        Result<UploadState> cancelled = await uploads.CancelAsync(target, uploadId, context.RequestAborted);
        return cancelled.IsSuccess ? Results.NoContent() : cancelled.Error.ToResult();
    }

    /// <summary>The mount source, when it names a repository of the same account.</summary>
    private static async Task<RepositoryTarget?> ResolveSourceAsync(HttpContext context, RepositoryTarget target, string? from)
    {
        if (string.IsNullOrEmpty(from))
        {
            return null;
        }

        RepositoryResolver resolver = context.RequestServices.GetRequiredService<RepositoryResolver>();
        Result<RepositoryTarget> source = await resolver.ResolveAsync(target.Account, from, context.RequestAborted);
        return source.IsSuccess ? source.Value : null;
    }

    private static Result<ContentRange?> ReadContentRange(HttpRequest request)
    {
        string? header = request.Headers.ContentRange;
        if (string.IsNullOrEmpty(header))
        {
            return Result<ContentRange?>.Ok(null);
        }

        if (!ContentRange.TryParse(header, out ContentRange range))
        {
            return new RegistryError(RegistryErrors.RangeNotSatisfiable, $"Content-Range '{header}' is not of the form <start>-<end>");
        }

        if (request.ContentLength is long length && length != range.Length)
        {
            return new RegistryError(RegistryErrors.RangeNotSatisfiable, $"Content-Range '{header}' does not match Content-Length {length}");
        }

        return Result<ContentRange?>.Ok(range);
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0);

    private static IResult BlobCreated(HttpContext context, RepositoryTarget target, Digest digest)
    {
        context.Response.Headers[RegistryHeaders.ContentDigest] = digest.ToString();
        return Results.Created($"/v2/{target.PathName}/blobs/{digest}", null);
    }

    private static IResult UploadAccepted(HttpContext context, RepositoryTarget target, UploadState upload, int status)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.Location = $"/v2/{target.PathName}/blobs/uploads/{upload.Id}";
        headers.Range = $"0-{Math.Max(upload.Size - 1, 0)}";
        headers[RegistryHeaders.UploadUuid] = upload.Id;
        headers.ContentLength = 0;
        return Results.StatusCode(status);
    }
}
