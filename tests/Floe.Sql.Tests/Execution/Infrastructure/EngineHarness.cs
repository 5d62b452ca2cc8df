using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Metadata.Postgres;
using Floe.Metadata.Sqlite;
using Floe.Testing;
using Floe.Sql.Errors;
using Floe.Sql.Execution;

namespace Floe.Sql.Tests.Execution.Infrastructure;

/// <summary>
/// The SQL engine over a real metadata store, with the organization account <c>DEV</c> provisioned
/// (admin user <c>ADMIN</c>, password <c>admin-password</c>). The store is SQLite in a temporary
/// directory, or with <c>FLOE_TEST_METADATASTORE=postgres</c> a PostgreSQL database of its own
/// (<see cref="TestMetadataDatabase"/>). Sessions are plain values: run SQL as any user and role with
/// <see cref="SessionForAsync"/>.
/// </summary>
public sealed class EngineHarness : IAsyncDisposable
{
    public const string AdminPassword = "admin-password";

    private readonly string _directory;
    private readonly TestMetadataDatabase _database;

    private EngineHarness(
        string directory, TestMetadataDatabase database, IMetadataStore store, AccountRecord account, SqlEngine engine, StatementServices services)
    {
        _directory = directory;
        _database = database;
        Store = store;
        Account = account;
        Engine = engine;
        Services = services;
    }

    public IMetadataStore Store { get; }

    public AccountRecord Account { get; }

    public SqlEngine Engine { get; }

    public StatementServices Services { get; }

    /// <summary>A session of the bootstrap admin with role ACCOUNTADMIN.</summary>
    public SqlSession Admin => new(Account.Id, Account.Name, AdminUserId, "ADMIN", SystemRoles.AccountAdmin, null, null);

    private long AdminUserId { get; set; }

    public static async Task<EngineHarness> StartAsync(TimeProvider? time = null)
    {
        string directory = Path.Combine(Path.GetTempPath(), "floe-sql-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        time ??= TimeProvider.System;
        TestMetadataDatabase database = TestMetadataDatabase.Create();
        IMetadataStore store = database.ConnectionString is null
            ? new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(directory, "metadata.db") }, time)
            : new PostgresMetadataStore(new PostgresMetadataOptions { ConnectionString = database.ConnectionString }, time);
        await store.MigrateAsync(CancellationToken.None);
        PasswordHasher passwords = new(iterations: 1000);
        AccountProvisioning provisioned = await store.EnsureAccountAsync(
            new NewAccount("DEV", "ADMIN", passwords.Hash(AdminPassword)) { IsOrganizationAccount = true }, CancellationToken.None);
        StatementServices services = new(store, store, store, store, new Authorizer(store), passwords, time, new SqlEngineOptions
        {
            Organization = "LOCAL",
            AccountHost = account => "local-" + account.ToLowerInvariant().Replace('_', '-') + ".registry.localhost:5000",
        }, store);
        EngineHarness harness = new(directory, database, store, provisioned.Account, StatementAreas.CreateEngine(services), services);
        harness.AdminUserId = (await store.FindUserAsync(provisioned.Account.Id, "ADMIN", CancellationToken.None))!.Id;
        return harness;
    }

    /// <summary>A session of <paramref name="user"/> (an existing user) with the given primary role.</summary>
    public async Task<SqlSession> SessionForAsync(string user, string? role, bool secondaryRolesAll = true, AccountRecord? account = null)
    {
        account ??= Account;
        UserRecord record = await Store.FindUserAsync(account.Id, user, CancellationToken.None)
            ?? throw new InvalidOperationException($"no user {user}");
        return new SqlSession(account.Id, account.Name, record.Id, record.Name, role, null, null, secondaryRolesAll);
    }

    public Task<SqlBatchResult> RunAsync(SqlSession session, string sql) =>
        Engine.ExecuteAsync(session, sql, CancellationToken.None);

    /// <summary>Runs SQL that must succeed; returns the last statement's result.</summary>
    public async Task<SqlStatementResult> OkAsync(SqlSession session, string sql)
    {
        SqlBatchResult result = await RunAsync(session, sql);
        Assert.True(result.Error is null, $"{sql}\n→ {result.Error}");
        return result.Results[^1];
    }

    /// <summary>Runs SQL that must fail; returns the error.</summary>
    public async Task<SqlError> FailAsync(SqlSession session, string sql)
    {
        SqlBatchResult result = await RunAsync(session, sql);
        Assert.True(result.Error is not null, $"{sql} was expected to fail");
        return result.Error!;
    }

    /// <summary>The values of one column of a result, in row order.</summary>
    public static IReadOnlyList<string?> Column(SqlStatementResult result, string name)
    {
        int index = result.Columns.Select(c => c.Name).ToList().IndexOf(name);
        Assert.True(index >= 0, $"no column {name} in {string.Join(", ", result.Columns.Select(c => c.Name))}");
        return [.. result.Rows.Select(row => row[index])];
    }

    public async ValueTask DisposeAsync()
    {
        await ((IAsyncDisposable)Store).DisposeAsync();
        _database.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
