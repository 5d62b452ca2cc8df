using Microsoft.Extensions.Configuration;

namespace Floe.Server.Hosting;

/// <summary>
/// Where Floe's settings come from, in order of precedence from lowest: the JSON file, the <c>FLOE_</c>
/// environment variables, then the command line's own values. <c>floe serve</c> and the maintenance
/// commands read the same sources, so they find the same stores.
/// </summary>
public static class FloeConfiguration
{
    public static IConfigurationBuilder AddFloeSources(
        this IConfigurationBuilder configuration, IEnumerable<KeyValuePair<string, string?>> settings, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configFile is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        configuration.AddEnvironmentVariables("FLOE_");
        // FLOE_ADMIN_PASSWORD is the documented name, which the prefix mapping above would read as "ADMIN_PASSWORD".
        if (Environment.GetEnvironmentVariable("FLOE_ADMIN_PASSWORD") is { } adminPassword)
        {
            configuration.AddInMemoryCollection([new(nameof(BootstrapOptions.AdminPassword), adminPassword)]);
        }

        configuration.AddInMemoryCollection(settings);
        return configuration;
    }

    /// <summary>The settings from those sources alone, for a command that runs no web host.</summary>
    public static FloeSettings Load(IEnumerable<KeyValuePair<string, string?>> settings, string? configFile) =>
        FloeSettings.Bind(new ConfigurationBuilder().AddFloeSources(settings, configFile).Build());
}
