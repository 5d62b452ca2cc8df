using System.Net;
using Amazon.Runtime;
using Floe.Core.Errors;

namespace Floe.Storage.S3;

/// <summary>The S3 answers and client failures that mean the bucket cannot take the request now.</summary>
public sealed class S3StorageFaults : IStorageFaultClassifier
{
    public StorageFault? Classify(Exception exception) => exception switch
    {
        // A quota (an S3-compatible server's) is the store's "disk full".
        AmazonServiceException { ErrorCode: "QuotaExceeded" } => StorageFault.Full,
        // 5xx (SlowDown, InternalError, ServiceUnavailable) and refused credentials or a bucket gone:
        // the store is there but will not serve; nothing the client sent is wrong.
        AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized } =>
            StorageFault.Unavailable,
        AmazonServiceException { ErrorCode: "NoSuchBucket" } => StorageFault.Unavailable,
        // The connection failed or broke (the SDK wraps HttpRequestException and socket errors).
        AmazonClientException or HttpRequestException => StorageFault.Unavailable,
        _ => null,
    };
}
