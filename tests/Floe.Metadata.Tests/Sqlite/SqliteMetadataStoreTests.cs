using Floe.Core.Metadata;
using Floe.Core.Metadata.History;
using Floe.Metadata.Sqlite;
using Floe.Metadata.Sqlite.Connections;
using Floe.Metadata.Sqlite.Schema;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Tests.Sqlite;

/// <summary>The contract on a SQLite file in a temporary directory, plus what only SQLite has: files, PRAGMAs, query plans.</summary>
public sealed class SqliteMetadataStoreTests : MetadataStoreContract
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-metadata-");

    private string DatabasePath => Path.Combine(_directory.FullName, "data", "metadata.db");

    protected override IMetadataStore CreateStore(TimeProvider clock) => OpenStore(clock);

    protected override bool KeepsTagVersion => true;

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    private SqliteMetadataStore OpenStore(TimeProvider clock) =>
        new(new SqliteMetadataOptions { DatabasePath = DatabasePath }, clock);

    [Fact]
    public async Task Reopen_SameFile_KeepsEveryRecord()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite manifest = await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));
        await Store.CreateUploadAsync(Upload("u1", repository.Id, Start), Token);

        await using SqliteMetadataStore reopened = OpenStore(Clock);
        await reopened.MigrateAsync(Token);

        Assert.Equal(repository, await reopened.FindRepositoryAsync(repository.AccountId, DefaultKey, Token));
        Assert.Equal(manifest.Body, (await reopened.FindManifestByTagAsync(repository.Id, "app", "latest", Token))?.Body);
        Assert.Equal(Upload("u1", repository.Id, Start), await reopened.FindUploadAsync("u1", Token));
    }

    [Fact]
    public async Task MigrateAsync_TwoStoresOnANewFileAtOnce_BothSucceed()
    {
        string path = Path.Combine(_directory.FullName, "race", "metadata.db");
        await using SqliteMetadataStore first = new(new SqliteMetadataOptions { DatabasePath = path }, Clock);
        await using SqliteMetadataStore second = new(new SqliteMetadataOptions { DatabasePath = path }, Clock);

        await Task.WhenAll(Task.Run(async () => await first.MigrateAsync(Token)), Task.Run(async () => await second.MigrateAsync(Token)));

        AccountRecord account = await first.EnsureAccountAsync("ACME", Token);
        Assert.Equal(account, await second.FindAccountAsync("ACME", Token));
        Assert.Equal((long)Migrations.LatestVersion, await ScalarAsync(first, "PRAGMA user_version"));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseFromANewerVersion_ThrowsWithoutChangingIt()
    {
        await SetUserVersionAsync(Migrations.LatestVersion + 1);
        await using SqliteMetadataStore store = OpenStore(Clock);

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await store.MigrateAsync(Token));

        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Equal((long)Migrations.LatestVersion + 1, await ScalarAsync(store, "PRAGMA user_version"));
    }

    [Theory]
    [InlineData("PRAGMA journal_mode", "wal")]
    [InlineData("PRAGMA synchronous", 2L)] // FULL
    [InlineData("PRAGMA foreign_keys", 1L)]
    [InlineData("PRAGMA busy_timeout", 5000L)]
    public async Task Connections_Opened_HaveTheDurabilityAndConcurrencySettings(string pragma, object expected)
    {
        Assert.Equal(expected, await ScalarAsync((SqliteMetadataStore)Store, pragma));
    }

    [Fact]
    public async Task PutManifestAsync_TwoStoresOnOneFileWritingAtOnce_NoWriteFailsBusy()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await using SqliteMetadataStore secondProcess = OpenStore(Clock);

        IEnumerable<Task> writes = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            IMetadataStore store = i % 2 == 0 ? Store : secondProcess;
            await store.PutManifestAsync(Manifest(repository.Id, "app", Body($"m{i}"), tag: $"t{i:D2}"), Token);
        }));
        await Task.WhenAll(writes);

        Assert.Equal(60, (await Store.ListTagsAsync(repository.Id, "app", null, 1000, Token)).Count);
    }

    [Fact]
    public async Task Store_OneConnectionManyConcurrentCallers_EveryCallCompletes()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await using SqliteMetadataStore narrow = new(new SqliteMetadataOptions { DatabasePath = DatabasePath, MaxConnections = 1 }, Clock);

        IEnumerable<Task> calls = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await narrow.PutManifestAsync(Manifest(repository.Id, "app", Body($"m{i}"), tag: $"t{i:D2}"), Token);
            Assert.NotNull(await narrow.FindManifestByTagAsync(repository.Id, "app", $"t{i:D2}", Token));
            await narrow.EnsureAccountAsync($"ACCOUNT_{i}", Token);
        }));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(40, (await narrow.ListTagsAsync(repository.Id, "app", null, 1000, Token)).Count);
    }

    /// <summary>The per-request queries must seek an index: no full scan, no sort of a whole table.</summary>
    [Fact]
    public async Task HotQueries_QueryPlan_SeekIndexesWithoutScansOrSorts()
    {
        Dictionary<string, SqlStatement> hot = new()
        {
            ["FindManifestByTag"] = SqliteMetadataStore.FindManifestByTagSql,
            ["FindManifest"] = SqliteMetadataStore.FindManifestSql,
            ["ListTags"] = SqliteMetadataStore.ListTagsSql,
            ["ImageExists"] = SqliteMetadataStore.ImageExistsSql,
            ["ListReferrers"] = SqliteMetadataStore.ListReferrersSql,
            ["ListImageNames"] = SqliteMetadataStore.ListImageNamesSql,
            ["FindBlobLink"] = SqliteMetadataStore.FindBlobLinkSql,
            ["FindRepositoriesLinking"] = SqliteMetadataStore.FindRepositoriesLinkingSql,
            ["FindRepository"] = SqliteMetadataStore.FindRepositorySql,
            ["ListRepositories"] = SqliteMetadataStore.ListRepositoriesSql,
            ["FindImageId"] = SqliteMetadataStore.FindImageIdSql,
            ["FindUpload"] = SqliteMetadataStore.FindUploadSql,
            ["ListIdleUploads"] = SqliteMetadataStore.ListIdleUploadsSql,
        };

        List<string> problems = [];
        foreach ((string name, SqlStatement statement) in hot)
        {
            IReadOnlyList<string> plan = await QueryPlanAsync(statement.Text);
            problems.AddRange(plan
                .Where(step => (step.StartsWith("SCAN ", StringComparison.Ordinal) && step != "SCAN CONSTANT ROW")
                    || step.Contains("TEMP B-TREE", StringComparison.Ordinal))
                .Select(step => $"{name}: {step}"));
        }

        Assert.Empty(problems);
    }

    /// <summary>Registry history has no index on time alone (one fewer per pull): pruning seeks each account's rows by time.</summary>
    [Fact]
    public async Task PruneRegistryHistory_QueryPlan_SeeksEachAccountByTime()
    {
        IReadOnlyList<string> plan = await QueryPlanAsync(SqliteMetadataStore.PruneRegistrySql.Text);

        Assert.Contains(plan, step => step.StartsWith("SEARCH registry_history ", StringComparison.Ordinal)
            && step.EndsWith("INDEX registry_history_by_time (account_id=? AND event_timestamp<?)", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN registry_history", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MigrateAsync_RegistryHistoryWrittenBeforeStep12_KeepsEveryRowAndIdAndLaterRowsComeAfter()
    {
        string path = Path.Combine(_directory.FullName, "v11", "metadata.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (SqliteConnection old = new($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync(Token);
            using SqliteCommand build = old.CreateCommand();
            build.CommandText = string.Join(";\n", Migrations.All.Where(step => step.Version <= 11).Select(step => step.Sql)) + """
                ;
                PRAGMA user_version = 11;
                INSERT INTO accounts (id, name, created_on) VALUES (1, 'ACME', 0);
                INSERT INTO registry_history (id, account_id, event_timestamp, user_name, role_name, action, repository, image, tag, digest, client_ip)
                VALUES (7, 1, 1000, 'ALICE', NULL, 'pull', 'DB.PUBLIC.REPO', 'app', 'latest', 'sha256:aa', '10.0.0.2'),
                       (9, 1, 2000, 'BOB', 'READER', 'push', 'DB.PUBLIC.REPO', 'app', NULL, 'sha256:bb', NULL);
                """;
            await build.ExecuteNonQueryAsync(Token);
        }

        await using SqliteMetadataStore store = new(new SqliteMetadataOptions { DatabasePath = path }, Clock);
        await store.MigrateAsync(Token);
        await store.AppendHistoryAsync(new HistoryBatch([], [],
            [new RegistryEvent(1, DateTimeOffset.FromUnixTimeMilliseconds(3000), "CAROL", null, "pull", "DB.PUBLIC.REPO", "app", "v2", "sha256:cc", null)]), Token);

        IReadOnlyList<RegistryEvent> rows = await store.ListRegistryHistoryAsync(new HistoryFilter(1, null, null, null, 100), Token);
        Assert.Equal(["CAROL", "BOB", "ALICE"], rows.Select(row => row.UserName));
        Assert.Equal([9L, 7L], rows.Skip(1).Select(row => row.EventId));
        Assert.True(rows[0].EventId > 9);
        Assert.Equal(new RegistryEvent(1, DateTimeOffset.FromUnixTimeMilliseconds(2000), "BOB", "READER", "push", "DB.PUBLIC.REPO", "app", null, "sha256:bb", null, 9), rows[1]);
        Assert.Equal(0L, await ScalarAsync(store, "SELECT count(*) FROM sqlite_master WHERE name = 'registry_history_by_age'"));
        Assert.Equal(2L, await ScalarAsync(store, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'registry_history'"));
    }

    [Fact]
    public async Task MigrateAsync_TagsWrittenBeforeStep13_StillResolveAndTheNewTagVersionMovesWithThem()
    {
        string digest = "sha256:" + new string('a', 64);
        string path = Path.Combine(_directory.FullName, "v12", "metadata.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (SqliteConnection old = new($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync(Token);
            using SqliteCommand build = old.CreateCommand();
            build.CommandText = string.Join(";\n", Migrations.All.Where(step => step.Version <= 12).Select(step => step.Sql)) + $"""
                ;
                PRAGMA user_version = 12;
                INSERT INTO accounts (id, name, created_on) VALUES (1, 'ACME', 0);
                INSERT INTO repositories (id, account_id, database_name, schema_name, name, created_on, encryption)
                VALUES (1, 1, 'DB', 'PUBLIC', 'REPO', 0, 'SNOWFLAKE_SSE');
                INSERT INTO images (id, repository_id, account_id, name, path) VALUES (1, 1, 1, 'app', 'db/public/repo/app');
                INSERT INTO manifests (image_id, digest, media_type, size, body, created_on)
                VALUES (1, '{digest}', 'application/vnd.oci.image.manifest.v1+json', 2, x'7b7d', 0);
                INSERT INTO tags (image_id, name, digest, updated_on) VALUES (1, 'latest', '{digest}', 0);
                """;
            await build.ExecuteNonQueryAsync(Token);
        }

        await using SqliteMetadataStore store = new(new SqliteMetadataOptions { DatabasePath = path }, Clock);
        await store.MigrateAsync(Token);
        long? migrated = await store.ReadTagVersionAsync(Token);
        StoredManifest? found = await store.FindManifestByTagAsync(1, "app", "latest", Token);
        await ScalarAsync(store, "DELETE FROM tags WHERE name = 'latest'");

        Assert.Equal(digest, found?.Digest.ToString());
        Assert.Equal("{}"u8.ToArray(), found?.Body);
        Assert.NotNull(migrated);
        Assert.True(await store.ReadTagVersionAsync(Token) > migrated);
        Assert.Null(await store.FindManifestByTagAsync(1, "app", "latest", Token));
    }

    private async Task<IReadOnlyList<string>> QueryPlanAsync(string sql)
    {
        using ConnectionLease lease = await ((SqliteMetadataStore)Store).RentConnectionForTestsAsync(Token);
        using SqliteCommand explain = lease.Connection.OneOffCommand("EXPLAIN QUERY PLAN " + sql);
        using SqliteDataReader reader = await explain.ExecuteReaderAsync(Token);
        List<string> steps = [];
        while (await reader.ReadAsync(Token))
        {
            steps.Add(reader.GetString(3));
        }

        return steps;
    }

    /// <summary>
    /// The triggers, not the store's methods, move the version: a tag or manifest deleted by another
    /// writer of the file (another process, a future command) moves it too.
    /// </summary>
    [Theory]
    [InlineData("DELETE FROM tags WHERE name = 'latest'")]
    [InlineData("DELETE FROM manifests")]
    [InlineData("UPDATE images SET path = path")]
    public async Task ReadTagVersionAsync_TagsChangedByAnotherConnection_HasMoved(string sql)
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await PutAsync(Manifest(repository.Id, "app", Body("tagged"), tag: "latest"));
        long? before = await Store.ReadTagVersionAsync(Token);

        await using (SqliteConnection other = new($"Data Source={DatabasePath};Pooling=False;Foreign Keys=True"))
        {
            await other.OpenAsync(Token);
            await using SqliteCommand command = new(sql, other);
            Assert.True(await command.ExecuteNonQueryAsync(Token) > 0);
        }

        Assert.True(await Store.ReadTagVersionAsync(Token) > before);
    }

    private static async Task<object?> ScalarAsync(SqliteMetadataStore store, string sql)
    {
        using ConnectionLease lease = await store.RentConnectionForTestsAsync(Token);
        using SqliteCommand command = lease.Connection.OneOffCommand(sql);
        return await command.ExecuteScalarAsync(Token);
    }

    private async Task SetUserVersionAsync(int version)
    {
        await using SqliteMetadataStore store = OpenStore(Clock);
        using ConnectionLease lease = await store.RentConnectionForTestsAsync(Token);
        using SqliteCommand command = lease.Connection.OneOffCommand($"PRAGMA user_version = {version}");
        await command.ExecuteNonQueryAsync(Token);
    }
}
