using System.CommandLine;
using Floe.Core.Blobs;
using Floe.Core.Metadata;
using Floe.Server.Hosting;
using Floe.Server.Maintenance;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe fsck [--repair]</c>: checks the stores <c>floe serve</c> would use (same options, same
/// <c>FLOE_</c> variables, same configuration file). Exit 0 when nothing is wrong, 1 when anything is.
/// Run it with the server stopped, or expect uploads in flight to show up as problems.
/// </summary>
internal static class FsckCommand
{
    public static Command Create()
    {
        Option<string?> dataDir = new("--data-dir") { Description = "Data directory of the embedded default (default ./floe-data)." };
        Option<string?> config = new("--config") { Description = "A JSON configuration file." };
        Option<bool> repair = new("--repair") { Description = "Move corrupt blobs into quarantine, so they are never served." };

        Command command = new("fsck", "Verify every blob against its digest and every manifest's references.") { dataDir, config, repair };
        command.SetAction(async (result, cancellationToken) =>
        {
            Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
            if (result.GetValue(dataDir) is { } directory)
            {
                settings[nameof(StorageOptions.DataDir)] = directory;
            }

            ServiceProvider provider;
            try
            {
                provider = Compose(FloeServer.ReadSettings(settings, result.GetValue(config)));
            }
            catch (FloeConfigurationException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync("floe fsck: " + ex.Message);
                return ExitCodes.Usage;
            }

            await using (provider)
            {
                StoreChecker checker = new(
                    provider.GetRequiredService<IBlobStore>(), provider.GetRequiredService<IBlobStore>(), provider.GetRequiredService<IMetadataStore>());
                CheckSummary summary = await checker.CheckAsync(result.GetValue(repair), result.InvocationConfiguration.Output, cancellationToken);
                return summary.Problems == 0 ? ExitCodes.Success : ExitCodes.Error;
            }
        });
        return command;
    }

    /// <summary>The stores the settings name, composed as <c>floe serve</c> composes them (no web host, no bootstrap).</summary>
    internal static ServiceProvider Compose(FloeSettings settings)
    {
        // Checking an empty directory would create a fresh store there and call it healthy.
        if (string.Equals(settings.Storage.MetadataStore.Trim(), StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase)
            && !File.Exists(settings.Storage.DatabasePath))
        {
            throw new FloeConfigurationException($"no Floe data in '{Path.GetFullPath(settings.Storage.DataDir)}' (no {Path.GetFileName(settings.Storage.DatabasePath)})");
        }

        ServiceCollection services = new();
        services.AddLogging();
        Backends.All().Register(services, settings.Storage);
        return services.BuildServiceProvider();
    }
}
