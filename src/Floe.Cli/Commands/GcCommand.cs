using System.CommandLine;
using System.Data.Common;
using Floe.Core.Blobs;
using Floe.Core.Metadata;
using Floe.Server.Hosting;
using Floe.Server.Maintenance;
using Microsoft.Extensions.DependencyInjection;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe gc [--dry-run]</c>: one garbage collection over the stores <c>floe serve</c> would use (same
/// options, same <c>FLOE_</c> variables, same configuration file), safe while servers run on them. Prints
/// what it removed; a dry run prints what it would remove and changes nothing.
/// </summary>
internal static class GcCommand
{
    public static Command Create()
    {
        Option<string?> dataDir = new("--data-dir") { Description = "Data directory of the embedded default (default ./floe-data)." };
        Option<string?> config = new("--config") { Description = "A JSON configuration file." };
        Option<bool> dryRun = new("--dry-run") { Description = "Only count the unreferenced blobs and their bytes; remove nothing." };

        Command command = new("gc", "Remove blobs that no repository references, while servers run.") { dataDir, config, dryRun };
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
                provider = FsckCommand.Compose(FloeServer.ReadSettings(settings, result.GetValue(config)));
            }
            catch (FloeConfigurationException ex)
            {
                await result.InvocationConfiguration.Error.WriteLineAsync("floe gc: " + ex.Message);
                return ExitCodes.Usage;
            }

            await using (provider)
            {
                try
                {
                    await provider.GetRequiredService<IMetadataStore>().MigrateAsync(cancellationToken);
                    BlobCollector collector = new(
                        provider.GetRequiredService<IMetadataStore>(), provider.GetRequiredService<IBlobStore>(), TimeProvider.System);
                    CollectionSummary summary = await collector.CollectAsync(result.GetValue(dryRun), cancellationToken);
                    await result.InvocationConfiguration.Output.WriteLineAsync(summary.ToString());
                    return ExitCodes.Success;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DbException or MetadataStoreUnavailableException)
                {
                    // What was marked but not yet deleted, the next collection (any node's) finishes.
                    await result.InvocationConfiguration.Error.WriteLineAsync("floe gc: " + ex.Message);
                    return ExitCodes.Error;
                }
            }
        });
        return command;
    }
}
