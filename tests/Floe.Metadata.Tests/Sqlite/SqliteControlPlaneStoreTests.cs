using System.Reflection;
using Floe.Core.Metadata;
using Floe.Metadata.Sqlite;
using Floe.Metadata.Sqlite.Connections;
using Floe.Metadata.Tests.ControlPlane;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Tests.Sqlite;

/// <summary>The control-plane contract on a SQLite file, plus what only SQLite has: leftover rows and query plans.</summary>
public sealed class SqliteControlPlaneStoreTests : ControlPlaneStoreContract
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-controlplane-");

    protected override IMetadataStore CreateStore(TimeProvider clock) =>
        new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(_directory.FullName, "metadata.db") }, clock);

    protected override ValueTask DeleteStorageAsync()
    {
        _directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task DropAccountAsync_AccountWithEverything_LeavesNoRowOfItInAnyTable()
    {
        Tenant doomed = await TenantAsync("DOOMED");
        Tenant kept = await TenantAsync("KEPT");
        await PopulateAsync(doomed);
        await PopulateAsync(kept);
        Dictionary<string, long> before = await RowCountsAsync();

        await Store.DropAccountAsync(doomed.Id, Token);

        Dictionary<string, long> after = await RowCountsAsync();
        IEnumerable<string> tables = before.Keys.Where(table => table is not ("accounts" or "blobs" or "sqlite_sequence" or "security_version" or "tag_version"));
        Assert.All(tables, table => Assert.Equal((table, before[table] / 2), (table, after[table])));
        Assert.Equal(1, after["accounts"]);
    }

    /// <summary>
    /// Every statement of the store seeks indexes: no full scan of a table, and no range over a whole
    /// account through an <c>*_by_account</c> index (those exist for the account cascade). Statements
    /// that read a whole account (or every account) by design are listed with their reason.
    /// </summary>
    [Fact]
    public async Task EveryStatement_QueryPlan_SeeksWithoutScanningATableOrAnAccount()
    {
        Dictionary<string, string> wholeAccountByDesign = new()
        {
            [nameof(SqliteMetadataStore.ListAccountsSql)] = "SHOW ACCOUNTS lists every account",
            [nameof(SqliteMetadataStore.InsertProvisionedAccountSql)] = "foreign-key checks of the account row",
            [nameof(SqliteMetadataStore.DeleteAccountSql)] = "the account cascade",
            [nameof(SqliteMetadataStore.ListPoliciesSql)] = "SHOW AUTHENTICATION POLICIES lists the account's policies",
            [nameof(SqliteMetadataStore.PolicyInUseSql)] = "looks through the account's policies (a handful) on DROP",
            [nameof(SqliteMetadataStore.ListSchemasSql)] = "SHOW SCHEMAS IN ACCOUNT lists the account's schemas",
            [nameof(SqliteMetadataStore.ListTaggedImagesSql)] = "SHOW IMAGES: a compound over one repository's images",
            [nameof(SqliteMetadataStore.ListSigningKeysSql)] = "every node reads the deployment's few signing keys",
            [nameof(SqliteMetadataStore.ActiveSigningKeySql)] = "reads the partial index of the one active signing key",
            [nameof(SqliteMetadataStore.DeleteRetiredSigningKeysSql)] = "looks through the deployment's few signing keys",
            [nameof(SqliteMetadataStore.ListDataProtectionKeysSql)] = "every node reads the console's key ring (a few keys a year), about once a day",
            [nameof(SqliteMetadataStore.ListManifestsForAuditSql)] = "floe fsck reads every manifest of every account by design",
            [nameof(SqliteMetadataStore.CountUploadsSql)] = "the floe_uploads_in_progress gauge counts every open upload, once a scrape",
            [nameof(SqliteMetadataStore.ListBlobRecordsSql)] = "garbage collection reads every blob record, once a run",
            [nameof(SqliteMetadataStore.ListTombstonesSql)] = "garbage collection finishes every mark left by a crashed run (normally none)",
            [nameof(SqliteMetadataStore.DeleteExpiredLeasesSql)] = "garbage collection drops the claims of crashed commits (a handful), once a run",
        };

        List<string> problems = [];
        foreach (FieldInfo field in typeof(SqliteMetadataStore).GetFields(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)
            .Where(field => field.FieldType == typeof(SqlStatement) && !wholeAccountByDesign.ContainsKey(field.Name)))
        {
            IReadOnlyList<string> plan = await QueryPlanAsync(((SqlStatement)field.GetValue(null)!).Text);
            problems.AddRange(plan.Where(IsTableOrAccountScan).Select(step => $"{field.Name}: {step}"));
        }

        Assert.Empty(problems);
    }

    // A scan of a recursive CTE (reach, below), of json_each's few values (a virtual table) or of a constant row is not a table scan.
    private static bool IsTableOrAccountScan(string step) =>
        step.Contains("_by_account ", StringComparison.Ordinal)
        || (step.StartsWith("SCAN ", StringComparison.Ordinal)
            && !step.StartsWith("SCAN CONSTANT ROW", StringComparison.Ordinal)
            && !step.Contains("VIRTUAL TABLE", StringComparison.Ordinal)
            && step is not ("SCAN reach" or "SCAN below" or "SCAN b"));

    private async Task<Dictionary<string, long>> RowCountsAsync()
    {
        using ConnectionLease lease = await ((SqliteMetadataStore)Store).RentConnectionForTestsAsync(Token);
        List<string> tables = [];
        using (SqliteCommand list = lease.Connection.OneOffCommand("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
        using (SqliteDataReader reader = await list.ExecuteReaderAsync(Token))
        {
            while (await reader.ReadAsync(Token))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Dictionary<string, long> counts = [];
        foreach (string table in tables)
        {
            using SqliteCommand count = lease.Connection.OneOffCommand($"SELECT count(*) FROM \"{table}\"");
            counts[table] = (long)(await count.ExecuteScalarAsync(Token))!;
        }

        return counts;
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
}
