using System.IO.Pipelines;
using Floe.Core.Content;
using Floe.Server.Errors;
using Floe.Core.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Headers;
using Microsoft.Net.Http.Headers;
using Microsoft.Win32.SafeHandles;

namespace Floe.Server.Endpoints;

/// <summary>
/// Sends a committed blob from its local file. A plain GET or HEAD (no <c>Range</c>, no conditional
/// header) opens the file once and copies it with <see cref="ChunkSize"/> reads straight into the
/// response's pipe, with the length the blob link already gives; anything else (ranges, conditions)
/// goes to the framework's file result, which implements those rules.
/// </summary>
internal sealed class LocalBlobResult(string path, long length, EntityTagHeaderValue entityTag) : IResult
{
    /// <summary>Far fewer reads than the framework's 16 KiB, and small enough to stay out of the way of many downloads.</summary>
    public const int ChunkSize = 256 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        IHeaderDictionary requestHeaders = httpContext.Request.Headers;
        if (requestHeaders.Range.Count > 0 || requestHeaders.IfMatch.Count > 0 || requestHeaders.IfNoneMatch.Count > 0
            || requestHeaders.IfModifiedSince.Count > 0 || requestHeaders.IfUnmodifiedSince.Count > 0 || requestHeaders.IfRange.Count > 0)
        {
            IResult result = File.Exists(path)
                ? Results.File(path, MediaTypes.OctetStream, entityTag: entityTag, enableRangeProcessing: true)
                : Missing(httpContext);
            await result.ExecuteAsync(httpContext);
            return;
        }

        SafeFileHandle file;
        try
        {
            file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            await Missing(httpContext).ExecuteAsync(httpContext);
            return;
        }

        using (file)
        {
            HttpResponse response = httpContext.Response;
            ResponseHeaders headers = response.GetTypedHeaders();
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = MediaTypes.OctetStream;
            response.ContentLength = length;
            headers.ETag = entityTag;
            headers.LastModified = TruncateToSeconds(File.GetLastWriteTimeUtc(file));
            response.Headers.AcceptRanges = "bytes";
            if (HttpMethods.IsHead(httpContext.Request.Method))
            {
                return;
            }

            await CopyAsync(file, response.BodyWriter, httpContext.RequestAborted);
        }
    }

    private async Task CopyAsync(SafeFileHandle file, PipeWriter body, CancellationToken cancellationToken)
    {
        long offset = 0;
        while (offset < length)
        {
            int wanted = (int)Math.Min(ChunkSize, length - offset);
            Memory<byte> buffer = body.GetMemory(wanted);
            int read = await RandomAccess.ReadAsync(file, buffer[..Math.Min(wanted, buffer.Length)], offset, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"The blob file '{path}' is shorter than its recorded length {length}.");
            }

            body.Advance(read);
            offset += read;
            FlushResult flushed = await body.FlushAsync(cancellationToken);
            if (flushed.IsCanceled || flushed.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>The link is there but the file is not (deleted under it): as if the blob were unknown.</summary>
    private static IResult Missing(HttpContext httpContext)
    {
        httpContext.Response.Headers.Remove(RegistryHeaders.ContentDigest);
        return RegistryErrors.BlobUnknown.ToResult();
    }

    private static DateTimeOffset TruncateToSeconds(DateTime utc) =>
        new(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
}
