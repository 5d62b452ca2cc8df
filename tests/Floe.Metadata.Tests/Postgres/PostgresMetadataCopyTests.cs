using System.Data.Common;
using System.Globalization;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Metadata.Copy;
using Floe.Core.Metadata.History;
using Floe.Core.Security;
using Floe.Metadata.Postgres;
using Floe.Metadata.Sqlite;
using Floe.Metadata.Tests.ControlPlane;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Floe.Metadata.Tests.Postgres;

/// <summary>
/// <see cref="PostgresMetadataCopy"/> from a real SQLite store, populated through its API with every
/// kind of object, into real PostgreSQL databases: every row of every table arrives as it was, ids
/// continue past the source's, and a target that is not empty or a schema that does not match is
/// refused with nothing written.
/// </summary>
public sealed class PostgresMetadataCopyTests : ControlPlaneTestBase
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-metadata-copy-");
    private readonly List<string> _databases = [];

    private string SqlitePath => Path.Combine(_directory.FullName, "metadata.db");

    protected override IMetadataStore CreateStore(TimeProvider clock) =>
        new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = SqlitePath }, clock);

    protected override ValueTask DeleteStorageAsync()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
        foreach (string database in _databases)
        {
            PostgresServer.DropDatabase(database);
        }

        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task CopyAsync_PopulatedSqliteStore_EveryRowOfEveryTableArrivesUnchanged()
    {
        long droppedRoleId = await PopulateEverythingAsync();
        string target = NewDatabase();

        IReadOnlyList<CopiedTable> copied;
        await using (SqliteMetadataSource source = await SqliteMetadataSource.OpenAsync(SqlitePath, Token))
        {
            copied = await PostgresMetadataCopy.CopyAsync(source, target, Token);
        }

        (Dictionary<string, List<string>> sqlite, IReadOnlyDictionary<string, IReadOnlyList<string>> columns) = await ReadSqliteAsync();
        Dictionary<string, List<string>> postgres = await ReadPostgresAsync(target, columns);
        Assert.Equal(sqlite.Keys.Order(StringComparer.Ordinal), copied.Select(table => table.Name).Order(StringComparer.Ordinal));
        Assert.All(sqlite, table =>
        {
            Assert.NotEmpty(table.Value); // every kind of object is exercised, so a new table without data here is noticed
            Assert.Equal(table.Value, postgres[table.Key]);
            Assert.Equal(table.Value.Count, copied.Single(c => c.Name == table.Key).Rows);
        });

        // The PostgreSQL store serves the copy: the password hash, and ids that never come back.
        await using PostgresMetadataStore store = new(new PostgresMetadataOptions { ConnectionString = target }, Clock);
        await store.MigrateAsync(Token);
        AccountRecord account = (await store.FindAccountAsync("ACME", Token))!;
        Assert.Equal("pbkdf2-sha256$1$cGFzcw==$c2VjcmV0", (await store.FindUserAsync(account.Id, "PASSWORDUSER", Token))!.PasswordHash);
        RoleRecord fresh = Created(await store.CreateRoleAsync(new NewRole(account.Id, "AFTER_COPY", (await store.FindRoleAsync(account.Id, "USERADMIN", Token))!.Id), CreateMode.FailIfExists, Token));
        Assert.True(fresh.Id > droppedRoleId, $"new role id {fresh.Id} must be past the dropped role's {droppedRoleId}");
    }

    [Fact]
    public async Task CopyAsync_TargetAlreadyMigrated_RefusesAndWritesNothing()
    {
        await TenantAsync("ACME");
        string target = NewDatabase();
        await using (PostgresMetadataStore store = new(new PostgresMetadataOptions { ConnectionString = target }, Clock))
        {
            await store.MigrateAsync(Token); // a node already started on it: Floe's schema, no rows yet
        }

        await using SqliteMetadataSource source = await SqliteMetadataSource.OpenAsync(SqlitePath, Token);
        MetadataCopyException refusal = await Assert.ThrowsAsync<MetadataCopyException>(async () => await PostgresMetadataCopy.CopyAsync(source, target, Token));

        Assert.Contains("not empty", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(target, "SELECT count(*) FROM accounts"));
        Assert.Equal((long)Floe.Metadata.Postgres.Schema.Migrations.LatestVersion, await ScalarAsync(target, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task CopyAsync_SourceHasATablePostgresLacks_RefusesAndLeavesTheTargetEmpty()
    {
        await TenantAsync("ACME");
        await using (SqliteConnection connection = new($"Data Source={SqlitePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand command = new("CREATE TABLE mirrors (id INTEGER PRIMARY KEY, url TEXT)", connection);
            await command.ExecuteNonQueryAsync();
        }

        string target = NewDatabase();
        await using SqliteMetadataSource source = await SqliteMetadataSource.OpenAsync(SqlitePath, Token);
        MetadataCopyException refusal = await Assert.ThrowsAsync<MetadataCopyException>(async () => await PostgresMetadataCopy.CopyAsync(source, target, Token));

        Assert.Contains("mirrors", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync(target, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task OpenAsync_OlderSchemaVersion_RefusesWithTheUpgradeStep()
    {
        await using (SqliteConnection connection = new($"Data Source={SqlitePath};Pooling=False"))
        {
            await connection.OpenAsync();
            await using SqliteCommand command = new("PRAGMA user_version = 4", connection);
            await command.ExecuteNonQueryAsync();
        }

        MetadataCopyException refusal = await Assert.ThrowsAsync<MetadataCopyException>(async () => await SqliteMetadataSource.OpenAsync(SqlitePath, Token));

        Assert.Contains("start 'floe serve' on it once", refusal.Message, StringComparison.Ordinal);
    }

    /// <summary>The guard for future migrations: a step on one backend needs its twin on the other, or copies would lose data.</summary>
    [Fact]
    public async Task Schemas_SqliteAndPostgresAtLatestVersion_HaveTheSameTablesAndColumns()
    {
        string target = NewDatabase();
        await using (PostgresMetadataStore store = new(new PostgresMetadataOptions { ConnectionString = target }, Clock))
        {
            await store.MigrateAsync(Token);
        }

        await using SqliteMetadataSource source = await SqliteMetadataSource.OpenAsync(SqlitePath, Token);
        Dictionary<string, List<string>> postgres = [];
        await using NpgsqlConnection connection = new(target);
        await connection.OpenAsync();
        await using NpgsqlCommand command = new(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_version' AND is_generated <> 'ALWAYS'",
            connection);
        await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                (postgres.TryGetValue(reader.GetString(0), out List<string>? columns) ? columns : postgres[reader.GetString(0)] = []).Add(reader.GetString(1));
            }
        }

        Assert.Equal(source.Tables.Keys.Order(StringComparer.Ordinal), postgres.Keys.Order(StringComparer.Ordinal));
        Assert.All(source.Tables, table => Assert.Equal(table.Value.Order(StringComparer.Ordinal), postgres[table.Key].Order(StringComparer.Ordinal)));
    }

    /// <summary>
    /// Two accounts (one the organization account) with one of everything, plus what
    /// <see cref="ControlPlaneStoreContract.PopulateAsync"/> leaves out: role hierarchy, grant option,
    /// an account policy, password and key-pair users, an index with a referrer, refresh token, signing
    /// keys, a console key-ring element. Returns the id of a role created and dropped, which no new role may get again.
    /// </summary>
    private async Task<long> PopulateEverythingAsync()
    {
        Tenant organization = await TenantAsync("ORG", organization: true);
        Tenant acme = await TenantAsync("ACME");
        foreach (Tenant tenant in new[] { organization, acme })
        {
            await PopulateAsync(tenant);
        }

        RoleRecord reader = (await Store.FindRoleAsync(acme.Id, "READER", Token))!;
        RoleRecord writer = await RoleAsync(acme, "WRITER");
        Assert.Equal(RoleGrantStatus.Granted, await Store.GrantRoleToRoleAsync(acme.Id, reader.Id, writer.Id, acme.SecurityAdmin, Token));
        RepositoryRecord repository = (await Store.ListImageRepositoriesAsync(acme.Id, RepositoryScope.Account, Token)).Single();
        Assert.Equal(GrantStatus.Granted, await Store.GrantPrivilegesAsync(
            new PrivilegeGrant(acme.Id, SecurableObject.ImageRepository(repository.Id), [Privilege.Write], writer.Id, WithGrantOption: true, GrantedByRoleId: acme.SecurityAdmin), Token));
        AuthenticationPolicyRecord policy = (await Store.ListAuthenticationPoliciesAsync(acme.Id, Token)).Single();
        Assert.True(await Store.SetAccountAuthenticationPolicyAsync(acme.Id, policy.Id, Token));

        UserRecord password = Created(await Store.CreateUserAsync(
            new NewUser(acme.Id, "PASSWORDUSER", acme.UserAdmin) { PasswordHash = "pbkdf2-sha256$1$cGFzcw==$c2VjcmV0", DefaultRole = "WRITER", Comment = "moves" },
            CreateMode.FailIfExists, Token));
        Assert.Equal(RoleGrantStatus.Granted, await Store.GrantRoleToUserAsync(acme.Id, writer.Id, password.Id, acme.SecurityAdmin, Token));
        Created(await Store.CreateUserAsync(
            new NewUser(acme.Id, "ROBOT", acme.UserAdmin) { Type = UserType.Service, RsaPublicKey = new RsaPublicKey("MIIBIjANBgkq", "SHA256:abc=") },
            CreateMode.FailIfExists, Token));
        Assert.True(await Store.CreateRefreshTokenAsync(
            new RefreshTokenRecord("refresh-hash", acme.Id, password.Id, writer.Id, Start, Start.AddDays(30)), Token));
        Assert.True(await Store.CreateSessionAsync(
            new SessionRecord("restricted-session", acme.Id, password.Id, "WRITER", null, null, SecondaryRoles.None, Start, Start.AddHours(1), "WRITER"), Token));
        await Store.AppendHistoryAsync(new HistoryBatch(
            [new LoginEvent(acme.Id, Start, "PASSWORDUSER", "10.0.0.1", "DOCKER", "PASSWORD", false, "390100", "Incorrect username or password was specified.")],
            [new QueryEvent(acme.Id, "query-1", "CREATE USER X PASSWORD = '****'", "CREATE_USER", "ADMIN", "ACCOUNTADMIN", null, null, "SUCCESS", null, null, Start, Start.AddMilliseconds(3), 1)],
            [new RegistryEvent(acme.Id, Start, "PASSWORDUSER", null, "pull", "DB.PUBLIC.REPO", "app", null, "sha256:" + new string('b', 64), "10.0.0.1")]), Token);

        // A push committing a layer (its claim) and a collection under way (a mark): in-flight state moves too.
        Assert.True(await Store.LeaseBlobAsync(Digest.Sha256Of("committing"u8), "upload-in-flight", Start.AddMinutes(30), Token));
        Assert.Single(await Store.TombstoneBlobsAsync([Digest.Sha256Of("collecting"u8)], Start, Token));

        // An index of the pushed manifest, and an artifact that refers to it (the referrers API).
        ManifestWrite child = await PushAsync(repository, "multi", "amd64");
        byte[] indexBody = System.Text.Encoding.UTF8.GetBytes($$"""{"schemaVersion":2,"manifests":["{{child.Digest}}"]}""");
        ManifestWrite index = new(repository.Id, "multi", Digest.Sha256Of(indexBody), MediaTypes.OciIndex, null, null, indexBody, null, "latest", [], [child.Digest]);
        await Store.PutManifestAsync(index, Token);
        byte[] signatureBody = System.Text.Encoding.UTF8.GetBytes("""{"schemaVersion":2,"signature":true}""");
        Digest layer = Digest.Sha256Of("signature layer"u8);
        await Store.PutManifestAsync(new ManifestWrite(repository.Id, "multi", Digest.Sha256Of(signatureBody), MediaTypes.OciManifest,
            "application/vnd.example.signature", index.Digest, signatureBody, """{"org.example":"yes"}""", null, [layer], []), Token);

        Assert.True(await Store.ActivateSigningKeyAsync(new SigningKeyRecord("key-1", "ES256", [1, 2, 3], Start, null), null, Token));
        Assert.True(await Store.ActivateSigningKeyAsync(new SigningKeyRecord("key-2", "ES256", [4, 5, 6], Start.AddDays(1), null), "key-1", Token));
        Assert.True(await Store.AddDataProtectionKeyAsync(new DataProtectionKeyRecord("key-0b7e", "<key id=\"0b7e\" version=\"1\" />", Start), Token));

        RoleRecord doomed = await RoleAsync(acme, "DOOMED");
        Assert.Equal(DropStatus.Dropped, await Store.DropRoleAsync(acme.Id, doomed.Id, acme.SecurityAdmin, Token));
        return doomed.Id;
    }

    private string NewDatabase()
    {
        string database = PostgresServer.CreateDatabase();
        _databases.Add(database);
        return new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString;
    }

    /// <summary>Every table's rows, each row its stored columns rendered as text, in a stable order.</summary>
    private async Task<(Dictionary<string, List<string>> Rows, IReadOnlyDictionary<string, IReadOnlyList<string>> Columns)> ReadSqliteAsync()
    {
        Dictionary<string, List<string>> tables = new(StringComparer.Ordinal);
        await using SqliteMetadataSource source = await SqliteMetadataSource.OpenAsync(SqlitePath, Token);
        foreach ((string table, IReadOnlyList<string> columns) in source.Tables)
        {
            await using DbDataReader reader = await source.ReadAsync(table, columns, Token);
            tables[table] = await RowsAsync(reader);
        }

        return (tables, source.Tables);
    }

    /// <summary>The same columns of the same tables, from PostgreSQL (names are the schema's own: nothing to quote).</summary>
    private static async Task<Dictionary<string, List<string>>> ReadPostgresAsync(
        string connectionString, IReadOnlyDictionary<string, IReadOnlyList<string>> columns)
    {
        Dictionary<string, List<string>> tables = new(StringComparer.Ordinal);
        await using NpgsqlConnection connection = new(connectionString);
        await connection.OpenAsync();
        foreach ((string table, IReadOnlyList<string> stored) in columns)
        {
            await using NpgsqlCommand command = new($"SELECT {string.Join(", ", stored)} FROM {table}", connection);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            tables[table] = await RowsAsync(reader);
        }

        return tables;
    }

    private static async Task<List<string>> RowsAsync(DbDataReader reader)
    {
        List<string> rows = [];
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + Render(reader.GetValue(i)))));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    private static string Render(object value) => value switch
    {
        DBNull => "NULL",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using NpgsqlConnection connection = new(connectionString);
        await connection.OpenAsync();
        await using NpgsqlCommand command = new(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
