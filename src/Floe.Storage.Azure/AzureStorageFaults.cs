using Azure;
using Floe.Core.Errors;

namespace Floe.Storage.Azure;

/// <summary>The Azure Storage answers and client failures that mean the container cannot take the request now.</summary>
public sealed class AzureStorageFaults : IStorageFaultClassifier
{
    public StorageFault? Classify(Exception exception) => exception switch
    {
        RequestFailedException { ErrorCode: "AccountStorageQuotaExceeded" } => StorageFault.Full,
        // Status 0: no answer (the connection failed); 5xx: the service is busy or failing; 401/403: the
        // account refuses the credentials; 404 of the container: it is gone. Nothing the client sent is wrong.
        RequestFailedException { Status: 0 or >= 500 or 401 or 403 } => StorageFault.Unavailable,
        RequestFailedException { ErrorCode: "ContainerNotFound" } => StorageFault.Unavailable,
        HttpRequestException => StorageFault.Unavailable,
        _ => null,
    };
}
