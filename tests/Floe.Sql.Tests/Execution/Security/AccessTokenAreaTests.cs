using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>Programmatic access tokens: ADD, REMOVE, SHOW.</summary>
public sealed class AccessTokenAreaTests : SecurityTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);

    protected override TimeProvider CreateTime() => _clock;

    [Fact]
    public async Task AddToken_Self_AnswersNameAndSecretOnceAndStoresOnlyTheHash()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "ALTER USER ADD PROGRAMMATIC ACCESS TOKEN ci_token COMMENT = 'for ci'");

        Assert.Equal(["token_name", "token_secret"], ColumnNames(result));
        string secret = Assert.Single(result.Rows)[1]!;
        Assert.Equal("CI_TOKEN", result.Rows[0][0]);
        Assert.StartsWith("floe-pat-", secret, StringComparison.Ordinal);
        UserRecord admin = (await Harness.UserRecordAsync("ADMIN"))!;
        AccessTokenRecord stored = Assert.Single(await Harness.Store.ListAccessTokensAsync(Harness.Account.Id, admin.Id, CancellationToken.None));
        Assert.NotEqual(secret, stored.TokenHash);
        Assert.True(SecretHasher.Matches(secret, stored.TokenHash));
        Assert.Equal(("CI_TOKEN", "for ci", Start.AddDays(15)), (stored.Name, stored.Comment, stored.ExpiresOn));
    }

    [Fact]
    public async Task AddToken_TwoTokens_HaveDifferentSecrets()
    {
        SqlStatementResult first = await Harness.OkAsync(Harness.Admin, "ALTER USER ADD PAT one");
        SqlStatementResult second = await Harness.OkAsync(Harness.Admin, "ALTER USER ADD PAT two");

        Assert.NotEqual(first.Rows[0][1], second.Rows[0][1]);
    }

    [Fact]
    public async Task ShowTokens_NeverShowsTheSecretOrItsHash()
    {
        string secret = (await Harness.OkAsync(Harness.Admin, "ALTER USER admin ADD PAT ci ROLE_RESTRICTION = 'sysadmin' DAYS_TO_EXPIRY = 30")).Rows[0][1]!;

        SqlStatementResult shown = await Harness.OkAsync(Harness.Admin, "SHOW USER PROGRAMMATIC ACCESS TOKENS");

        Assert.Equal(["name", "user_name", "role_restriction", "expires_at", "status", "comment", "created_on"], ColumnNames(shown));
        var row = Assert.Single(Rows(shown));
        Assert.Equal(("CI", "ADMIN", "SYSADMIN", "ACTIVE", null), (row["name"], row["user_name"], row["role_restriction"], row["status"], row["comment"]));
        Assert.Equal(SqlFormat.Timestamp(Start.AddDays(30)), row["expires_at"]);
        Assert.Equal(SqlFormat.Timestamp(Start), row["created_on"]);
        string everything = string.Join("|", shown.Rows.SelectMany(r => r));
        Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretHasher.Hash(secret), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowTokens_AfterExpiry_ShowsExpired()
    {
        await Harness.OkAsync(Harness.Admin, "ALTER USER ADD PAT short DAYS_TO_EXPIRY = 1");

        _clock.Advance(TimeSpan.FromDays(2));
        SqlStatementResult shown = await Harness.OkAsync(Harness.Admin, "SHOW USER PATS");

        Assert.Equal(["EXPIRED"], EngineHarness.Column(shown, "status"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(366)]
    public async Task AddToken_DaysOutOfRange_Fails22023(int days)
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, $"ALTER USER ADD PAT t DAYS_TO_EXPIRY = {days}");

        Assert.Equal(("001422", "22023"), (error.Code, error.SqlState));
        Assert.Contains("DAYS_TO_EXPIRY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddToken_MaximumDays_Accepted()
    {
        await Harness.OkAsync(Harness.Admin, "ALTER USER ADD PAT t DAYS_TO_EXPIRY = 365");

        UserRecord admin = (await Harness.UserRecordAsync("ADMIN"))!;
        var token = Assert.Single(await Harness.Store.ListAccessTokensAsync(Harness.Account.Id, admin.Id, CancellationToken.None));
        Assert.Equal(Start.AddDays(365), token.ExpiresOn);
    }

    [Fact]
    public async Task AddToken_RoleRestrictionGranted_StoresTheRole()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "DEPLOYER");

        await Harness.OkAsync(carol, "ALTER USER ADD PAT deploy ROLE_RESTRICTION = 'deployer'");

        UserRecord record = (await Harness.UserRecordAsync("CAROL"))!;
        var token = Assert.Single(await Harness.Store.ListAccessTokensAsync(Harness.Account.Id, record.Id, CancellationToken.None));
        Assert.Equal((await Harness.RoleRecordAsync("DEPLOYER")).Id, token.RoleRestrictionId);
    }

    [Fact]
    public async Task AddToken_RoleRestrictionNotGrantedToUser_Fails22023()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "DEPLOYER");

        SqlError error = await Harness.FailAsync(carol, "ALTER USER ADD PAT t ROLE_RESTRICTION = 'SYSADMIN'");

        Assert.Equal(("001422", "22023"), (error.Code, error.SqlState));
        Assert.Contains("not granted to user CAROL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddToken_RoleRestrictionUnknown_Fails002003()
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, "ALTER USER ADD PAT t ROLE_RESTRICTION = 'ghost'");

        Assert.Equal("SQL compilation error:\nRole 'GHOST' does not exist or not authorized.", error.Message);
    }

    [Fact]
    public async Task AddToken_DuplicateName_Fails002002()
    {
        await Harness.OkAsync(Harness.Admin, "ALTER USER ADD PAT t");

        SqlError error = await Harness.FailAsync(Harness.Admin, "ALTER USER ADD PAT t");

        Assert.Equal("SQL compilation error:\nObject 'T' already exists.", error.Message);
    }

    [Fact]
    public async Task AddToken_OwnerOfAnotherUser_Succeeds()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER robot TYPE = SERVICE");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "ALTER USER robot ADD PAT t");

        Assert.Equal("T", result.Rows[0][0]);
    }

    [Fact]
    public async Task AddToken_ForAnotherUserNotOwned_Fails()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "PLAIN");
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);

        SqlError invisible = await Harness.FailAsync(carol, "ALTER USER admin ADD PAT t");
        SqlError notOwned = await Harness.FailAsync(securityAdmin, "ALTER USER admin ADD PAT t");

        Assert.Equal("002003", invisible.Code);
        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on user 'ADMIN'", notOwned.Message);
        UserRecord admin = (await Harness.UserRecordAsync("ADMIN"))!;
        Assert.Empty(await Harness.Store.ListAccessTokensAsync(Harness.Account.Id, admin.Id, CancellationToken.None));
    }

    [Fact]
    public async Task RemoveToken_Existing_RemovesIt()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "PLAIN");
        await Harness.OkAsync(carol, "ALTER USER carol ADD PAT t");

        SqlStatementResult result = await Harness.OkAsync(carol, "ALTER USER carol REMOVE PROGRAMMATIC ACCESS TOKEN t");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
        Assert.Empty((await Harness.OkAsync(carol, "SHOW USER PATS")).Rows);
    }

    [Fact]
    public async Task RemoveToken_Missing_Fails002003()
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, "ALTER USER REMOVE PAT ghost");

        Assert.Equal("SQL compilation error:\nProgrammatic access token 'GHOST' does not exist or not authorized.", error.Message);
    }

    [Fact]
    public async Task ShowTokens_ForAnotherUser_NeedsOwnership()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "PLAIN");
        await Harness.OkAsync(Harness.Admin, "ALTER USER admin ADD PAT mine");

        SqlError error = await Harness.FailAsync(carol, "SHOW USER PATS FOR USER admin");
        SqlStatementResult own = await Harness.OkAsync(Harness.Admin, "SHOW USER PATS FOR USER carol");

        Assert.Equal("002003", error.Code);
        Assert.Empty(own.Rows);
    }
}
