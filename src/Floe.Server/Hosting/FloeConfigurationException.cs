namespace Floe.Server.Hosting;

/// <summary>
/// A setting of <c>floe serve</c> that cannot work (a missing certificate file, a key that does not match);
/// the message names the setting and says what to change, so <c>floe serve</c> prints it instead of a stack trace.
/// </summary>
public sealed class FloeConfigurationException : Exception
{
    public FloeConfigurationException()
    {
    }

    public FloeConfigurationException(string message)
        : base(message)
    {
    }

    public FloeConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
