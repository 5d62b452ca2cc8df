using Floe.Core.Metadata.History;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;

namespace Floe.Sql.Tests.Execution;

public sealed class HistoryAreaTests : EngineTestBase
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private Task RecordAsync(params (string User, int Minute)[] logins) =>
        Harness.Store.AppendHistoryAsync(new HistoryBatch(
            [.. logins.Select(l => new LoginEvent(Harness.Account.Id, At.AddMinutes(l.Minute), l.User, "10.0.0.1", "DOCKER", "PASSWORD", true, null, null))],
            [],
            [.. logins.Select(l => new RegistryEvent(Harness.Account.Id, At.AddMinutes(l.Minute), l.User, null, "pull", "DB.PUBLIC.REPO", "app", "v1", "sha256:" + new string('c', 64), "10.0.0.1"))]),
            CancellationToken.None).AsTask();

    [Fact]
    public async Task LoginHistory_Admin_SeesEveryUsersRowsNewestFirstWithSnowflakesColumns()
    {
        await RecordAsync(("ALICE", 0), ("BOB", 1));

        SqlStatementResult result = await Harness.OkAsync(Admin, "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY())");

        Assert.Equal(
            ["EVENT_TIMESTAMP", "EVENT_ID", "EVENT_TYPE", "USER_NAME", "CLIENT_IP", "REPORTED_CLIENT_TYPE", "REPORTED_CLIENT_VERSION",
             "FIRST_AUTHENTICATION_FACTOR", "SECOND_AUTHENTICATION_FACTOR", "IS_SUCCESS", "ERROR_CODE", "ERROR_MESSAGE", "RELATED_EVENT_ID", "CONNECTION"],
            result.Columns.Select(c => c.Name));
        Assert.Equal(["BOB", "ALICE"], EngineHarness.Column(result, "USER_NAME"));
        Assert.Equal(["2025-03-01T12:01:00.000+00:00", "2025-03-01T12:00:00.000+00:00"], EngineHarness.Column(result, "EVENT_TIMESTAMP"));
        Assert.Equal(["YES", "YES"], EngineHarness.Column(result, "IS_SUCCESS"));
    }

    [Fact]
    public async Task RegistryHistory_UserWithoutMonitor_SeesOnlyTheirOwnRows()
    {
        SqlSession alice = await Harness.UserWithRoleAsync("ALICE", "DEVELOPER");
        await RecordAsync(("ALICE", 0), ("BOB", 1), ("ALICE", 2));

        SqlStatementResult registry = await Harness.OkAsync(alice, "SELECT * FROM TABLE(INFORMATION_SCHEMA.REGISTRY_HISTORY(RESULT_LIMIT => 1))");
        SqlStatementResult logins = await Harness.OkAsync(alice, "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY())");

        Assert.Equal(["ALICE"], EngineHarness.Column(registry, "USER_NAME"));
        Assert.Equal(["2025-03-01T12:02:00.000+00:00"], EngineHarness.Column(registry, "EVENT_TIMESTAMP"));
        Assert.Equal(["pull"], EngineHarness.Column(registry, "ACTION"));
        Assert.Equal(["ALICE", "ALICE"], EngineHarness.Column(logins, "USER_NAME"));
    }

    [Fact]
    public async Task LoginHistoryByUser_AnotherUserWithoutMonitor_IsRefused()
    {
        SqlSession alice = await Harness.UserWithRoleAsync("ALICE", "DEVELOPER");

        SqlError error = await Harness.FailAsync(alice, "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY_BY_USER(USER_NAME => 'bob'))");

        Assert.Equal("003001", error.Code);
        Assert.EndsWith("user 'BOB'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoginHistoryByUser_RoleGrantedMonitorOnTheAccount_SeesTheNamedUsersRows()
    {
        SqlSession auditor = await Harness.UserWithRoleAsync("AUDITOR", "AUDITING");
        await Harness.OkAsync(Admin, "GRANT MONITOR ON ACCOUNT TO ROLE AUDITING");
        await RecordAsync(("ALICE", 0), ("BOB", 1));

        SqlStatementResult result = await Harness.OkAsync(auditor, "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY_BY_USER(USER_NAME => 'alice'))");
        SqlStatementResult all = await Harness.OkAsync(auditor, "SELECT * FROM TABLE(INFORMATION_SCHEMA.REGISTRY_HISTORY())");

        Assert.Equal(["ALICE"], EngineHarness.Column(result, "USER_NAME"));
        Assert.Equal(["BOB", "ALICE"], EngineHarness.Column(all, "USER_NAME"));
    }

    [Fact]
    public async Task LoginHistory_TimeRange_AnswersOnlyEventsWithinIt()
    {
        await RecordAsync(("ALICE", 0), ("ALICE", 10), ("ALICE", 20));

        SqlStatementResult result = await Harness.OkAsync(Admin,
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY(TIME_RANGE_START => '2025-03-01 12:05:00', TIME_RANGE_END => '2025-03-01T13:15:00+01:00'))");

        Assert.Equal(["2025-03-01T12:10:00.000+00:00"], EngineHarness.Column(result, "EVENT_TIMESTAMP"));
    }

    [Fact]
    public async Task ExecuteAsync_BatchWithAPassword_ReportsEachStatementWithTheSecretMasked()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin,
            "CREATE USER carol PASSWORD = 'Hunter2-secret' COMMENT = 'c';\nSHOW USERS LIKE 'CAROL'; USE ROLE nosuchrole");

        Assert.Collection(batch.Executed,
            created =>
            {
                Assert.Equal("CREATE USER carol PASSWORD = '****' COMMENT = 'c'", created.Text);
                Assert.Equal("CREATE_USER", created.QueryType);
                Assert.Null(created.Error);
                Assert.Equal("ACCOUNTADMIN", created.Session.Role);
            },
            shown =>
            {
                Assert.Equal("SHOW USERS LIKE 'CAROL'", shown.Text);
                Assert.Equal(1, shown.RowsProduced);
            },
            failed =>
            {
                Assert.Equal("USE", failed.QueryType);
                Assert.Equal("002003", failed.Error?.Code);
            });
        Assert.DoesNotContain(batch.Executed, e => e.Text.Contains("Hunter2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExecuteAsync_SyntaxErrorAroundAPassword_ReportsTheWholeTextAndTheErrorMasked()
    {
        SqlBatchResult batch = await Harness.RunAsync(Admin, "ALTER USER admin SET PASSWORD 'Hunter2-secret'");

        ExecutedStatement unparsed = Assert.Single(batch.Executed);
        Assert.Equal("UNKNOWN", unparsed.QueryType);
        Assert.Equal("ALTER USER admin SET PASSWORD '****'", unparsed.Text);
        Assert.Equal("001003", unparsed.Error?.Code);
        Assert.DoesNotContain("Hunter2", unparsed.Error?.Message, StringComparison.Ordinal);
    }
}
