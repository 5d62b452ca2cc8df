namespace Floe.Core.Metadata.Copy;

/// <summary>
/// A metadata copy that cannot go ahead: the source or target is not what the copier knows (schema
/// version, tables, columns) or the target is not empty. The message says what to do; nothing was written.
/// </summary>
public sealed class MetadataCopyException : Exception
{
    public MetadataCopyException()
    {
    }

    public MetadataCopyException(string message)
        : base(message)
    {
    }

    public MetadataCopyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
