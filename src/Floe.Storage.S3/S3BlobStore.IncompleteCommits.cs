using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Floe.Core.Blobs;

namespace Floe.Storage.S3;

/// <summary>
/// The multipart uploads this store starts — assembling a blob from an upload's parts, copying a blob
/// above <see cref="S3BlobStoreOptions.CopyObjectLimit"/> into quarantine — are aborted by the store when
/// they fail, but not when the node dies in the middle. Those are found by listing the multipart uploads
/// under the store's own <c>blobs/</c> and <c>quarantine/</c> keys (never elsewhere in the bucket) and
/// aborted once started before the cut-off.
/// </summary>
public sealed partial class S3BlobStore : IIncompleteCommits
{
    public async ValueTask<int> DiscardIncompleteCommitsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken)
    {
        int discarded = 0;
        foreach (string prefix in (string[])[_keys.Blobs, _keys.Quarantined])
        {
            ListMultipartUploadsRequest request = new() { BucketName = Bucket, Prefix = prefix };
            while (true)
            {
                ListMultipartUploadsResponse page = await _client.ListMultipartUploadsAsync(request, cancellationToken);
                foreach (MultipartUpload upload in page.MultipartUploads ?? [])
                {
                    if (upload.Initiated is { } initiated && new DateTimeOffset(initiated) < startedBefore
                        && await AbortAsync(upload, cancellationToken))
                    {
                        discarded++;
                    }
                }

                if (page.IsTruncated != true)
                {
                    break;
                }

                request.KeyMarker = page.NextKeyMarker;
                request.UploadIdMarker = page.NextUploadIdMarker;
            }
        }

        return discarded;
    }

    /// <summary><c>false</c> when another node aborted or completed it first.</summary>
    private async Task<bool> AbortAsync(MultipartUpload upload, CancellationToken cancellationToken)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(Bucket, upload.Key, upload.UploadId, cancellationToken);
            return true;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
