using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>Every error row as the access-control statements raise it, with nothing run.</summary>
public sealed class AccessControlErrorTests : SecurityTests
{
    [Theory]
    [InlineData("GRANT READ ON DATABASE d TO ROLE r", "READ")]
    [InlineData("REVOKE OWNERSHIP ON IMAGE REPOSITORY d.s.r FROM ROLE r", "OWNERSHIP")]
    [InlineData("CREATE USER", "<EOF>")]
    [InlineData("GRANT ROLE r TO GROUP g", "GROUP")]
    public async Task Statement_SyntaxError_Fails001003(string sql, string token)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, sql);

        Assert.Equal(("001003", "42000"), (error.Code, error.SqlState));
        Assert.EndsWith($"unexpected '{token}'.", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CREATE USER bob FIRST_NAME = 'Bob'", "001420")]
    [InlineData("ALTER USER admin UNSET MIDDLE_NAME", "001420")]
    [InlineData("CREATE USER bob TYPE = ROBOT", "001422")]
    [InlineData("ALTER USER ADD PAT t DAYS_TO_EXPIRY = 1000", "001422")]
    [InlineData("CREATE AUTHENTICATION POLICY p AUTHENTICATION_METHODS = ('SAML')", "001422")]
    public async Task Statement_BadOption_Fails22023(string sql, string code)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, sql);

        Assert.Equal((code, "22023"), (error.Code, error.SqlState));
    }

    [Fact]
    public async Task Batch_FailingStatement_StopsTheBatchAndKeepsWhatRanBefore()
    {
        SqlBatchResult result = await Harness.RunAsync(Harness.Admin, "CREATE ROLE first_role; DROP ROLE ghost; CREATE ROLE never");

        Assert.Equal("002003", result.Error?.Code);
        Assert.Single(result.Results);
        Assert.NotNull(await Harness.Store.FindRoleAsync(Harness.Account.Id, "FIRST_ROLE", CancellationToken.None));
        Assert.Null(await Harness.Store.FindRoleAsync(Harness.Account.Id, "NEVER", CancellationToken.None));
    }

    [Theory]
    [InlineData("CREATE ROLE admin_like; CREATE ROLE admin_like", "002002", "42710")]
    [InlineData("CREATE USER u1; CREATE USER u1", "002002", "42710")]
    [InlineData("DROP ROLE ghost", "002003", "02000")]
    [InlineData("SHOW GRANTS TO ROLE ghost", "002003", "02000")]
    [InlineData("GRANT ROLE ghost TO ROLE sysadmin", "002003", "02000")]
    [InlineData("DROP ROLE useradmin", "002043", "22023")]
    public async Task Statement_ObjectState_FailsWithItsRow(string sql, string code, string sqlState)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, sql);

        Assert.Equal((code, sqlState), (error.Code, error.SqlState));
        Assert.Contains(SqlErrors.All, row => row.Code == error.Code && error.Message.StartsWith(row.MessagePrefix, StringComparison.Ordinal));
    }
}
