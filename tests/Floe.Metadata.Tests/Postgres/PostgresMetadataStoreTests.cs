using Floe.Core.Metadata;
using Floe.Metadata.Postgres;
using Floe.Metadata.Postgres.Connections;
using Floe.Metadata.Postgres.Schema;
using Npgsql;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>The contract on a real PostgreSQL server (a database per test class, emptied before each test), plus what only PostgreSQL has: its schema_version table and migration lock.</summary>
public sealed class PostgresMetadataStoreTests(PostgresDatabase database) : MetadataStoreContract, IClassFixture<PostgresDatabase>
{
    private readonly PostgresDatabase _database = database;

    protected override IMetadataStore CreateStore(TimeProvider clock)
    {
        _database.Empty();
        return _database.OpenSharedStore(clock);
    }

    protected override bool KeepsTagVersion => false;

    [Fact]
    public async Task Reopen_SameDatabase_KeepsEveryRecord()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite manifest = await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));
        await Store.CreateUploadAsync(Upload("u1", repository.Id, Start), Token);

        await using PostgresMetadataStore reopened = _database.OpenStore(Clock);
        await reopened.MigrateAsync(Token);

        Assert.Equal(repository, await reopened.FindRepositoryAsync(repository.AccountId, DefaultKey, Token));
        Assert.Equal(manifest.Body, (await reopened.FindManifestByTagAsync(repository.Id, "app", "latest", Token))?.Body);
        Assert.Equal(Upload("u1", repository.Id, Start), await reopened.FindUploadAsync("u1", Token));
    }

    [Fact]
    public async Task MigrateAsync_FourNodesOnANewDatabaseAtOnce_AllSucceedWithOneSchema()
    {
        using PostgresDatabase fresh = new();
        PostgresMetadataStore[] nodes = [.. Enumerable.Range(0, 4).Select(_ => fresh.OpenStore(Clock))];
        try
        {
            await Task.WhenAll(nodes.Select(node => Task.Run(async () => await node.MigrateAsync(Token))));

            AccountRecord account = await nodes[0].EnsureAccountAsync("ACME", Token);
            Assert.Equal(account, await nodes[3].FindAccountAsync("ACME", Token));
            Assert.Equal(
                Migrations.All.Select(migration => (long)migration.Version),
                await ColumnAsync<long>(nodes[1], "SELECT version FROM schema_version ORDER BY version"));
        }
        finally
        {
            foreach (PostgresMetadataStore node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromANewerVersion_ThrowsWithoutChangingIt()
    {
        using PostgresDatabase fresh = new();
        long newer = Migrations.LatestVersion + 1;
        await using PostgresMetadataStore store = fresh.OpenStore(Clock);
        await store.MigrateAsync(Token);
        await ExecuteAsync(store, $"INSERT INTO schema_version (version, description) VALUES ({newer}, 'from a newer Floe')");

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.MigrateAsync(Token));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Equal(newer, (await ColumnAsync<long>(store, "SELECT max(version) FROM schema_version"))[0]);
    }

    /// <summary>
    /// A pull writes a row, so registry history keeps only the indexes its readers need: the account's
    /// rows by time (listing, and pruning account by account) and a user's own rows by time. Step 8
    /// dropped the index on time alone.
    /// </summary>
    [Fact]
    public async Task MigrateAsync_RegistryHistory_IndexedByAccountAndTimeAndByUserOnly()
    {
        await using PostgresMetadataStore store = _database.OpenStore(Clock);
        await store.MigrateAsync(Token);

        IReadOnlyList<string> indexes = await ColumnAsync<string>(store, """
            SELECT replace(indexdef, schemaname || '.', '') FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'registry_history' ORDER BY indexname
            """);

        Assert.Equal(
            [
                "CREATE INDEX registry_history_by_time ON registry_history USING btree (account_id, event_timestamp)",
                "CREATE INDEX registry_history_by_user ON registry_history USING btree (account_id, user_name, event_timestamp)",
                "CREATE UNIQUE INDEX registry_history_pkey ON registry_history USING btree (id)",
            ],
            indexes);
    }

    [Fact]
    public async Task Names_DifferingOnlyInCaseOrSortedByByte_StayDistinctInOrdinalOrder()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        string[] tags = ["b", "B", "a", "_x", "Z", "a-1", "a.1"];
        foreach (string tag in tags)
        {
            await PutAsync(Manifest(repository.Id, "app", Body(tag), tag: tag));
        }

        Assert.Equal(
            tags.Order(StringComparer.Ordinal),
            await Store.ListTagsAsync(repository.Id, "app", null, 100, Token));
    }

    private static async Task ExecuteAsync(PostgresMetadataStore store, string sql)
    {
        using ConnectionLease lease = await store.RentConnectionForTestsAsync(Token);
        using NpgsqlCommand command = lease.Connection.OneOffCommand(sql);
        await command.ExecuteNonQueryAsync(Token);
    }

    private static async Task<IReadOnlyList<T>> ColumnAsync<T>(PostgresMetadataStore store, string sql)
    {
        using ConnectionLease lease = await store.RentConnectionForTestsAsync(Token);
        using NpgsqlCommand command = lease.Connection.OneOffCommand(sql);
        using NpgsqlDataReader reader = await command.ExecuteReaderAsync(Token);
        List<T> values = [];
        while (await reader.ReadAsync(Token))
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }
}
