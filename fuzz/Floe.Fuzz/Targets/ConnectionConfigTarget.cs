using Floe.Cli.Connections;

namespace Floe.Fuzz;

/// <summary>
/// The CLI's TOML connection file: it loads, or it is refused with a message; a loaded file names its
/// default connection only when it gives one, and each connection has a name.
/// </summary>
internal static class ConnectionConfigTarget
{
    public static void Run(byte[] input)
    {
        string text = FuzzTargets.Text(input);
        if (!ConnectionConfig.TryParse(text, "config.toml", out ConnectionConfig config, out string error))
        {
            FuzzTargets.Require(error.Length > 0, "refused without a message");
            return;
        }

        FuzzTargets.Require(error.Length == 0, $"loaded with the message '{error}'");
        FuzzTargets.Require(config.DefaultConnectionName is null || config.DefaultConnectionName.Length > 0, "an empty default connection name");
        FuzzTargets.Require(config.Connections.Keys.All(name => name.Length > 0), "a connection without a name");
    }
}
