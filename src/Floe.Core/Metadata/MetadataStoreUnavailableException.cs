namespace Floe.Core.Metadata;

/// <summary>
/// The metadata store could not be opened: its database server cannot be reached, refused the
/// credentials, or has no such database. The message says which, and where, without any secret;
/// <c>floe serve</c> reports it as one line and exits before it writes anything.
/// </summary>
public sealed class MetadataStoreUnavailableException : Exception
{
    public MetadataStoreUnavailableException()
    {
    }

    public MetadataStoreUnavailableException(string message)
        : base(message)
    {
    }

    public MetadataStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
