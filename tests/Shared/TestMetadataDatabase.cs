using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Floe.Testing;

/// <summary>
/// The metadata store a test server runs on. By default none is chosen here (the server's default,
/// SQLite in its data directory). With <c>FLOE_TEST_METADATASTORE=postgres</c> each server gets a
/// database of its own, <c>floe_&lt;guid&gt;</c>, on the PostgreSQL cluster of <c>FLOE_TEST_POSTGRES</c>
/// (the one scripts/test.sh starts; a throwaway cluster started with scripts/postgres.sh when unset),
/// emptied at <see cref="Dispose"/> for the next server of the same test process and dropped when
/// that process exits. This file is linked into every test project that starts a server.
/// </summary>
internal sealed class TestMetadataDatabase : IDisposable
{
    /// <summary>Names the metadata store the server tests run on: unset or <c>sqlite</c>, or <c>postgres</c>.</summary>
    public const string Variable = "FLOE_TEST_METADATASTORE";

    /// <summary>The Npgsql connection string of the cluster (superuser) scripts/test.sh exports.</summary>
    public const string ClusterVariable = "FLOE_TEST_POSTGRES";

    private static readonly Lazy<string> Cluster = new(StartOrFindCluster, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Databases of <see cref="Create"/> that tests have handed back emptied; dropped when the process exits.</summary>
    private static readonly ConcurrentBag<string> Emptied = CreateEmptiedBag();

    private readonly bool _reusable;

    private TestMetadataDatabase(string? connectionString, bool reusable = false)
    {
        ConnectionString = connectionString;
        _reusable = reusable;
    }

    private static ConcurrentBag<string> CreateEmptiedBag()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropEmptied();
        return [];
    }

    /// <summary>Whether this run puts the servers' metadata in PostgreSQL.</summary>
    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable(Variable), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>The database's connection string; <c>null</c> on the default store.</summary>
    public string? ConnectionString { get; }

    /// <summary>The settings that put a server on this database (<c>MetadataStore</c>, <c>MetadataConnectionString</c>); empty on the default store.</summary>
    public IReadOnlyDictionary<string, string> Settings => ConnectionString is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string> { ["MetadataStore"] = "postgres", ["MetadataConnectionString"] = ConnectionString };

    /// <summary>The same settings as <c>FLOE_</c> environment variables, for a <c>floe serve</c> process.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables =>
        Settings.ToDictionary(pair => "FLOE_" + pair.Key.ToUpperInvariant(), pair => pair.Value, StringComparer.Ordinal);

    /// <summary>
    /// A database of its own for one test server when this run is on PostgreSQL; otherwise nothing to
    /// create. It is one an earlier test of this process handed back emptied (<see cref="Dispose"/>),
    /// or a new one: a server migrates either at start (an emptied one keeps its schema), and emptying
    /// costs a few milliseconds where <c>CREATE DATABASE</c> and the migration cost a quarter second or more.
    /// </summary>
    public static TestMetadataDatabase Create()
    {
        if (!IsPostgres)
        {
            return new TestMetadataDatabase(null);
        }

        return Emptied.TryTake(out string? reused)
            ? new TestMetadataDatabase(reused, reusable: true)
            : new TestMetadataDatabase(CreateDatabase(), reusable: true);
    }

    /// <summary>A new empty PostgreSQL database whatever the variable says (for tests of PostgreSQL itself), dropped at <see cref="Dispose"/>.</summary>
    public static TestMetadataDatabase CreatePostgres() => new(CreateDatabase());

    /// <summary>
    /// Drops the database, or, for one from <see cref="Create"/>, empties it for the next test: the
    /// server using it must have stopped (the test hosts stop it first).
    /// </summary>
    public void Dispose()
    {
        if (ConnectionString is null)
        {
            return;
        }

        if (_reusable && TryEmpty(ConnectionString))
        {
            Emptied.Add(ConnectionString);
            return;
        }

        Drop(ConnectionString);
    }

    private static string CreateDatabase()
    {
        string name = "floe_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(Cluster.Value) { Database = name, Pooling = true }.ConnectionString;
    }

    /// <summary>
    /// Closes every other connection to the database (a stopped server's pool may keep idle ones), then
    /// deletes every row of every table but <c>schema_version</c> in one transaction, with foreign-key
    /// triggers off (every table is emptied, so their order does not matter), and restarts every
    /// sequence, so ids start at 1 as in a new database (tests may name the first user's id). DELETE on
    /// a few rows is cheaper than TRUNCATE, which makes new files for every table and index. False when that failed.
    /// </summary>
    private static bool TryEmpty(string connectionString)
    {
        try
        {
            using NpgsqlConnection connection = new(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
            connection.Open();
            using NpgsqlCommand command = new("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid();
                DO $$
                DECLARE name text;
                BEGIN
                    SET LOCAL session_replication_role = replica;
                    FOR name IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_version' LOOP
                        EXECUTE format('DELETE FROM %I', name);
                    END LOOP;
                    FOR name IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' LOOP
                        PERFORM setval(quote_ident(name), 1, false);
                    END LOOP;
                END $$;
                """, connection);
            command.ExecuteNonQuery();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>At exit; a cluster that is already gone (one this process started and stopped) leaves nothing to drop.</summary>
    private static void DropEmptied()
    {
        while (Emptied.TryTake(out string? connectionString))
        {
            try
            {
                Drop(connectionString);
            }
            catch (NpgsqlException)
            {
                return;
            }
        }
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>; a server's pool may still hold connections: FORCE closes them.</summary>
    public static void Drop(string connectionString) =>
        Execute($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(connectionString).Database} WITH (FORCE)");

    // Database names are generated above (letters, digits, underscore): nothing to quote.
    private static void Execute(string sql)
    {
        using NpgsqlConnection connection = new(new NpgsqlConnectionStringBuilder(Cluster.Value) { Pooling = false }.ConnectionString);
        connection.Open();
        using NpgsqlCommand command = new(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string StartOrFindCluster()
    {
        string? given = Environment.GetEnvironmentVariable(ClusterVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return given;
        }

        string script = FindScript();
        Dictionary<string, string> exports = ParseExports(Run(script, "up"));
        string directory = exports["FLOE_TEST_POSTGRES_DIR"];
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "down", directory);
        return exports[ClusterVariable];
    }

    private static string FindScript()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "scripts", "postgres.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"scripts/postgres.sh was not found above {AppContext.BaseDirectory}; set {ClusterVariable} instead.");
    }

    private static string Run(string script, params string[] arguments)
    {
        ProcessStartInfo start = new("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"{script} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error.Result}"));
        }

        return output;
    }

    /// <summary>Lines <c>export NAME='value'</c>.</summary>
    private static Dictionary<string, string> ParseExports(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith("export ", StringComparison.Ordinal))
            .Select(line => line["export ".Length..].Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim('\''), StringComparer.Ordinal);
}
