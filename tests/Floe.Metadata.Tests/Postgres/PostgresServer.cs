using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>
/// The real PostgreSQL server the tests use: the one scripts/test.sh started (its connection string
/// in <c>FLOE_TEST_POSTGRES</c>), or, when a developer runs <c>dotnet test</c> alone, a throwaway
/// cluster this process starts with the same script and stops when it exits. Each store under test
/// gets a database of its own (<see cref="CreateDatabase"/>), dropped afterwards.
/// </summary>
internal static class PostgresServer
{
    public const string Variable = "FLOE_TEST_POSTGRES";

    private static readonly Lazy<string> Server = new(StartOrFind, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A new empty database; returns its connection string.</summary>
    public static string CreateDatabase()
    {
        string name = "floe_test_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(Server.Value) { Database = name }.ConnectionString;
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing any connection still open to it.</summary>
    public static void DropDatabase(string connectionString)
    {
        string name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        Execute($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    // Database names are generated above (letters, digits, underscore): nothing to quote.
    private static void Execute(string sql)
    {
        using NpgsqlConnection connection = new(Server.Value);
        connection.Open();
        using NpgsqlCommand command = new(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string StartOrFind()
    {
        string? given = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return WithoutPooling(given);
        }

        string script = FindScript();
        Dictionary<string, string> exports = ParseExports(Run(script, "up"));
        string directory = exports["FLOE_TEST_POSTGRES_DIR"];
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Run(script, "down", directory);
        return WithoutPooling(exports[Variable]);
    }

    // The administrative connection (CREATE/DROP DATABASE) is opened rarely; a pooled one would hold the server's slots.
    private static string WithoutPooling(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

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

        throw new InvalidOperationException($"scripts/postgres.sh was not found above {AppContext.BaseDirectory}; set {Variable} instead.");
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
