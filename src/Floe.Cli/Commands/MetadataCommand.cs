using System.CommandLine;
using System.Globalization;
using Floe.Core.Metadata.Copy;
using Floe.Metadata.Postgres;
using Floe.Metadata.Sqlite;
using Floe.Server.Hosting;
using Npgsql;

namespace Floe.Cli.Commands;

/// <summary>
/// <c>floe metadata copy --to-postgres "&lt;connection string&gt;"</c>: moves a single-node install's
/// metadata from its SQLite file into an empty PostgreSQL database (docs/design/metadata-copy.md). The
/// command only composes: the SQLite provider reads, the PostgreSQL provider writes.
/// </summary>
internal static class MetadataCommand
{
    public static Command Create()
    {
        Command command = new("metadata", "Manage the metadata store of a Floe install.");
        command.Subcommands.Add(CopyCommand());
        return command;
    }

    private static Command CopyCommand()
    {
        Option<string> toPostgres = new("--to-postgres")
        {
            Description = "Npgsql connection string of an EMPTY PostgreSQL database to copy into (e.g. \"Host=db;Username=floe;Password=...;Database=floe\").",
            Required = true,
        };
        Option<string?> dataDir = new("--data-dir") { Description = "Data directory of the SQLite install to copy (default ./floe-data, as for 'floe serve')." };
        Option<string?> config = new("--config") { Description = "The JSON configuration file 'floe serve' runs with (for DataDir)." };
        Command command = new("copy",
            "Copy every object of a SQLite install (accounts, users with their passwords, tokens, keys, roles, grants, policies, " +
            "repositories, manifests, tags, sessions, signing keys) into an empty PostgreSQL database, in one transaction. " +
            "Stop 'floe serve' first; afterwards start it with MetadataStore=postgres and the same blob directory.")
        {
            toPostgres, dataDir, config,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            TextWriter output = result.InvocationConfiguration.Output;
            TextWriter error = result.InvocationConfiguration.Error;
            Dictionary<string, string?> settings = new(StringComparer.OrdinalIgnoreCase);
            if (result.GetValue(dataDir) is { } directory)
            {
                settings[nameof(StorageOptions.DataDir)] = directory;
            }

            string connectionString = result.GetValue(toPostgres)!;
            try
            {
                _ = new NpgsqlConnectionStringBuilder(connectionString);
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync("floe metadata copy: --to-postgres is not a valid connection string: " + ex.Message);
                return ExitCodes.Usage;
            }

            StorageOptions storage;
            try
            {
                storage = FloeServer.ReadSettings(settings, result.GetValue(config)).Storage;
            }
            catch (Exception ex) when (ex is FileNotFoundException or InvalidDataException or FormatException)
            {
                await error.WriteLineAsync("floe metadata copy: cannot read the configuration: " + ex.Message);
                return ExitCodes.Usage;
            }

            if (!string.Equals(storage.MetadataStore, StorageOptions.Sqlite, StringComparison.OrdinalIgnoreCase))
            {
                await error.WriteLineAsync(
                    $"floe metadata copy: copies from the embedded SQLite store, but the configuration says MetadataStore '{storage.MetadataStore}'; run it with the settings of the SQLite install (change MetadataStore after the copy)");
                return ExitCodes.Usage;
            }

            if (!File.Exists(storage.DatabasePath))
            {
                await error.WriteLineAsync($"floe metadata copy: there is no SQLite metadata at {storage.DatabasePath}; give the install's --data-dir or --config");
                return ExitCodes.Usage;
            }

            try
            {
                await using SqliteMetadataSource source = await SqliteMetadataSource.OpenAsync(storage.DatabasePath, cancellationToken);
                IReadOnlyList<CopiedTable> copied = await PostgresMetadataCopy.CopyAsync(source, connectionString, cancellationToken);
                foreach (CopiedTable table in copied)
                {
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{table.Name,-24} {table.Rows,10}"));
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"Copied {copied.Sum(table => table.Rows)} rows of {source.Description} to PostgreSQL. Start 'floe serve' with MetadataStore=postgres, this MetadataConnectionString and the same DataDir (its blobs)."));
                return ExitCodes.Success;
            }
            catch (MetadataCopyException ex)
            {
                await error.WriteLineAsync("floe metadata copy: " + ex.Message);
                return ExitCodes.Error;
            }
            catch (Exception ex) when (ex is NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                await error.WriteLineAsync("floe metadata copy: " + ex.Message + " (nothing was copied)");
                return ExitCodes.Error;
            }
        });
        return command;
    }
}
