using System.Reflection;
using System.Text.RegularExpressions;
using Floe.Core.Metadata;
using Floe.Metadata.Postgres;
using Floe.Metadata.Postgres.Connections;
using Floe.Metadata.Tests.ControlPlane;
using Npgsql;
using NpgsqlTypes;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>The control-plane contract on a real PostgreSQL server, each test class in a database of its own, emptied before each test.</summary>
public sealed class PostgresControlPlaneStoreTests(PostgresDatabase database) : ControlPlaneStoreContract, IClassFixture<PostgresDatabase>
{
    private readonly PostgresDatabase _database = database;

    protected override IMetadataStore CreateStore(TimeProvider clock)
    {
        _database.Empty();
        return _database.OpenSharedStore(clock);
    }

    /// <summary>
    /// Every statement of the store is valid PostgreSQL against the migrated schema, including those
    /// the contract reaches only on rare paths: each is planned (EXPLAIN) with its parameters bound to NULL.
    /// </summary>
    [Fact]
    public async Task EveryStatement_PlannedAgainstTheSchema_IsValidPostgres()
    {
        List<string> problems = [];
        using ConnectionLease lease = await ((PostgresMetadataStore)Store).RentConnectionForTestsAsync(Token);
        foreach (FieldInfo field in typeof(PostgresMetadataStore).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(field => field.FieldType == typeof(SqlStatement)))
        {
            string sql = ((SqlStatement)field.GetValue(null)!).Text;
            string[] names = [.. Regex.Matches(sql, @"@([A-Za-z_][A-Za-z0-9_]*)").Select(match => match.Groups[1].Value).Distinct(StringComparer.Ordinal)];

            // Untyped NULLs first (PostgreSQL infers each type from its use); where it cannot, typed as the store binds them.
            string? untyped = await ExplainErrorAsync(lease.Connection, sql, names, typed: false);
            if (untyped is not null && await ExplainErrorAsync(lease.Connection, sql, names, typed: true) is { } typed)
            {
                problems.Add($"{field.Name}: {untyped} / {typed}");
            }
        }

        Assert.Empty(problems);
    }

    private static async Task<string?> ExplainErrorAsync(PooledConnection connection, string sql, string[] names, bool typed)
    {
        using NpgsqlCommand explain = connection.OneOffCommand(string.Empty);
        explain.CommandText = "EXPLAIN " + sql;
        foreach (string name in names)
        {
            explain.Parameters.Add(typed ? new NpgsqlParameter(name, TypeOf(name)) { Value = DBNull.Value } : new NpgsqlParameter(name, DBNull.Value));
        }

        try
        {
            await explain.ExecuteNonQueryAsync(Token);
            return null;
        }
        catch (PostgresException error)
        {
            return error.MessageText;
        }
    }

    /// <summary>The store binds ids, timestamps, counts and flags as bigint and names as text; the arrays by their element.</summary>
    private static NpgsqlDbType TypeOf(string parameter) => parameter switch
    {
        "role_ids" or "target_ids" => NpgsqlDbType.Array | NpgsqlDbType.Bigint,
        "types" or "target_types" => NpgsqlDbType.Array | NpgsqlDbType.Text,
        "private_key" or "body" => NpgsqlDbType.Bytea,
        _ when Regex.IsMatch(parameter, "(^id$|_id$|_on$|^limit$|^size$|^cutoff$|^now$|^methods$|grant_option$|disabled$|^is_|^set_)") => NpgsqlDbType.Bigint,
        _ => NpgsqlDbType.Text,
    };
}
