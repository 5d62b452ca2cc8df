namespace Floe.Cli.Connections;

/// <summary>
/// The outcome of resolving the connection options: the merged settings, which named connection of
/// which config file they started from (for messages), and the account's base URL once a host is known.
/// </summary>
internal sealed record ResolvedConnection(string? Name, string ConfigFile, ConnectionSettings Settings)
{
    /// <summary>The base URL of the account, or a usage message when no (valid) host is configured.</summary>
    public bool TryGetBaseAddress(out Uri baseAddress, out string error)
    {
        if (Settings.Host is null)
        {
            baseAddress = null!;
            string where = Name is null ? $"a connection in {ConfigFile}" : $"[connections.{Name}] in {ConfigFile}";
            error = $"no host configured: set 'host' in {where}, {EnvironmentVariables.Host}, or --host";
            return false;
        }
        if (!HostAddress.TryParse(Settings.Host, out baseAddress, out string reason))
        {
            error = $"invalid host: {reason}";
            return false;
        }
        error = "";
        return true;
    }
}
