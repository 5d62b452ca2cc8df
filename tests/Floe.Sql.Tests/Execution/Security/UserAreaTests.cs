using System.Security.Cryptography;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Errors;
using Floe.Sql.Execution;
using Floe.Sql.Tests.Execution.Infrastructure;
using static Floe.Sql.Tests.Execution.Infrastructure.SecurityFixture;

namespace Floe.Sql.Tests.Execution.Security;

/// <summary>CREATE / ALTER / DROP USER over a real SQLite store.</summary>
public sealed class UserAreaTests : SecurityTests
{
    internal static string NewRsaKeyBody()
    {
        using RSA rsa = RSA.Create(2048);
        return Convert.ToBase64String(rsa.ExportSubjectPublicKeyInfo());
    }

    [Fact]
    public async Task CreateUser_AsAccountAdmin_CreatesUserOwnedByPrimaryRole()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "CREATE USER bob COMMENT = 'builder'");

        Assert.Equal(["status"], ColumnNames(result));
        Assert.Equal("User BOB successfully created.", result.Rows[0][0]);
        UserRecord? bob = await Harness.UserRecordAsync("BOB");
        Assert.NotNull(bob);
        Assert.Equal("ACCOUNTADMIN", bob.Owner);
        Assert.Equal("BOB", bob.LoginName);
        Assert.Equal("builder", bob.Comment);
        Assert.Equal(UserType.Person, bob.Type);
    }

    [Fact]
    public async Task CreateUser_WithPassword_StoresOnlyAHashThatVerifies()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob PASSWORD = 'Sup3r-secret'");

        UserRecord bob = (await Harness.UserRecordAsync("BOB"))!;
        Assert.NotNull(bob.PasswordHash);
        Assert.DoesNotContain("Sup3r-secret", bob.PasswordHash, StringComparison.Ordinal);
        Assert.True(PasswordHasher.Verify("Sup3r-secret", bob.PasswordHash));
    }

    [Fact]
    public async Task CreateUser_WithPassword_NoOutputEverShowsIt()
    {
        SqlBatchResult batch = await Harness.RunAsync(Harness.Admin,
            "CREATE USER bob PASSWORD = 'Sup3r-secret'; ALTER USER bob SET PASSWORD = 'An0ther-secret'; SHOW USERS; DESCRIBE USER bob");

        Assert.Null(batch.Error);
        string everything = string.Join("\n", batch.Results.SelectMany(r => r.Rows).SelectMany(row => row).Select(v => v ?? ""));
        Assert.DoesNotContain("Sup3r-secret", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("An0ther-secret", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("pbkdf2", everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateUser_ServiceWithPassword_FailsWithInvalidProperty()
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, "CREATE USER robot TYPE = SERVICE PASSWORD = 'pw12345678'");

        Assert.Equal(("001420", "22023"), (error.Code, error.SqlState));
        Assert.Contains("'PASSWORD'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pw12345678", error.Message, StringComparison.Ordinal);
        Assert.Null(await Harness.UserRecordAsync("ROBOT"));
    }

    [Fact]
    public async Task CreateUser_ServiceWithoutPassword_IsAServiceUser()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER robot TYPE = SERVICE");

        Assert.Equal(UserType.Service, (await Harness.UserRecordAsync("ROBOT"))!.Type);
    }

    [Fact]
    public async Task CreateUser_BadRsaKey_Fails22023WithoutEchoingTheKey()
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, "CREATE USER bob RSA_PUBLIC_KEY = 'bm90IGEga2V5'");

        Assert.Equal(("001422", "22023"), (error.Code, error.SqlState));
        Assert.Contains("RSA_PUBLIC_KEY", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bm90IGEga2V5", error.Message, StringComparison.Ordinal);
        Assert.Null(await Harness.UserRecordAsync("BOB"));
    }

    [Fact]
    public async Task CreateUser_RsaKey_StoresKeyAndFingerprint()
    {
        string body = NewRsaKeyBody();
        string expected = "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(body)));

        await Harness.OkAsync(Harness.Admin, $"CREATE USER bob RSA_PUBLIC_KEY = '{body}'");

        UserRecord bob = (await Harness.UserRecordAsync("BOB"))!;
        Assert.Equal(expected, bob.RsaPublicKey?.Fingerprint);
    }

    [Fact]
    public async Task CreateUser_Existing_Fails002002()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");

        SqlError error = await Harness.FailAsync(Harness.Admin, "CREATE USER bob");

        Assert.Equal(("002002", "42710"), (error.Code, error.SqlState));
        Assert.Equal("SQL compilation error:\nObject 'BOB' already exists.", error.Message);
    }

    [Fact]
    public async Task CreateUser_IfNotExistsExisting_SucceedsAndChangesNothing()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob COMMENT = 'first'");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "CREATE USER IF NOT EXISTS bob COMMENT = 'second'");

        Assert.Equal("BOB already exists, statement succeeded.", result.Rows[0][0]);
        Assert.Equal("first", (await Harness.UserRecordAsync("BOB"))!.Comment);
    }

    [Fact]
    public async Task CreateUser_OrReplace_ReplacesTheUser()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob COMMENT = 'first'");
        long oldId = (await Harness.UserRecordAsync("BOB"))!.Id;

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "CREATE OR REPLACE USER bob COMMENT = 'second'");

        Assert.Equal("User BOB successfully created.", result.Rows[0][0]);
        UserRecord bob = (await Harness.UserRecordAsync("BOB"))!;
        Assert.Equal("second", bob.Comment);
        Assert.NotEqual(oldId, bob.Id);
    }

    [Fact]
    public async Task CreateUser_OrReplaceOfUserOwnedByAnotherRole_Fails003001()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);

        SqlError error = await Harness.FailAsync(userAdmin, "CREATE OR REPLACE USER bob");

        Assert.Equal(("003001", "42501"), (error.Code, error.SqlState));
        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on user 'BOB'", error.Message);
    }

    [Fact]
    public async Task CreateUser_PublicRoleOnly_Fails003001OnTheAccount()
    {
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError error = await Harness.FailAsync(nobody, "CREATE USER bob");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on account 'DEV'", error.Message);
        Assert.Null(await Harness.UserRecordAsync("BOB"));
    }

    [Fact]
    public async Task CreateUser_PrivilegeOnlyThroughSecondaryRole_Fails003001()
    {
        SqlSession session = await Harness.UserWithRoleAsync("CAROL", "PLAIN");
        await Harness.OkAsync(Harness.Admin, "GRANT ROLE USERADMIN TO USER carol");

        SqlError error = await Harness.FailAsync(session, "CREATE USER bob");

        Assert.Equal("003001", error.Code);
    }

    [Fact]
    public async Task CreateUser_WithoutCurrentRole_Fails090105()
    {
        SqlSession noRole = Harness.Admin with { Role = null };

        SqlError error = await Harness.FailAsync(noRole, "CREATE USER bob");

        Assert.Equal(("090105", "22000"), (error.Code, error.SqlState));
        Assert.StartsWith("Cannot perform CREATE USER. This session does not have a current role.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlterUserSet_Owner_ChangesEveryProperty()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");
        string key = NewRsaKeyBody();

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin,
            $"ALTER USER bob SET PASSWORD = 'pw-1234567' DEFAULT_ROLE = analyst RSA_PUBLIC_KEY = '{key}' DISABLED = TRUE COMMENT = 'c'");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
        UserRecord bob = (await Harness.UserRecordAsync("BOB"))!;
        Assert.True(PasswordHasher.Verify("pw-1234567", bob.PasswordHash));
        Assert.Equal(("ANALYST", true, "c"), (bob.DefaultRole, bob.Disabled, bob.Comment));
        Assert.NotNull(bob.RsaPublicKey);
    }

    [Fact]
    public async Task AlterUserUnset_Properties_ReturnToDefaults()
    {
        await Harness.OkAsync(Harness.Admin,
            $"CREATE USER bob PASSWORD = 'pw-1234567' DEFAULT_ROLE = r RSA_PUBLIC_KEY = '{NewRsaKeyBody()}' DISABLED = TRUE COMMENT = 'c' EMAIL = 'bob@example.com'");

        await Harness.OkAsync(Harness.Admin, "ALTER USER bob UNSET PASSWORD, DEFAULT_ROLE, RSA_PUBLIC_KEY, DISABLED, COMMENT, TYPE, EMAIL");

        UserRecord bob = (await Harness.UserRecordAsync("BOB"))!;
        Assert.Equal((null, null, null, false, null, UserType.Person, null),
            (bob.PasswordHash, bob.DefaultRole, bob.RsaPublicKey, bob.Disabled, bob.Comment, bob.Type, bob.Email));
    }

    [Fact]
    public async Task AlterUserSet_TypeServiceWhileUserHasPassword_FailsUntilPasswordUnset()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob PASSWORD = 'pw-1234567'");

        SqlError error = await Harness.FailAsync(Harness.Admin, "ALTER USER bob SET TYPE = SERVICE");
        await Harness.OkAsync(Harness.Admin, "ALTER USER bob UNSET PASSWORD; ALTER USER bob SET TYPE = SERVICE");

        Assert.Equal("001420", error.Code);
        Assert.Equal(UserType.Service, (await Harness.UserRecordAsync("BOB"))!.Type);
    }

    [Fact]
    public async Task AlterUserSet_PasswordOfServiceUser_Fails()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER robot TYPE = SERVICE");

        SqlError error = await Harness.FailAsync(Harness.Admin, "ALTER USER robot SET PASSWORD = 'pw-1234567'");

        Assert.Equal("001420", error.Code);
        Assert.Null((await Harness.UserRecordAsync("ROBOT"))!.PasswordHash);
    }

    [Fact]
    public async Task AlterUserSet_BadRsaKey_Fails22023AndChangesNothing()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob COMMENT = 'kept'");

        SqlError error = await Harness.FailAsync(Harness.Admin, "ALTER USER bob SET RSA_PUBLIC_KEY = 'AAAA' COMMENT = 'changed'");

        Assert.Equal("22023", error.SqlState);
        Assert.Equal("kept", (await Harness.UserRecordAsync("BOB"))!.Comment);
    }

    [Fact]
    public async Task AlterUserSet_SelfServiceProperties_AllowedWithoutOwnership()
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "PLAIN");

        await Harness.OkAsync(carol, $"ALTER USER carol SET PASSWORD = 'mine-12345' DEFAULT_ROLE = plain RSA_PUBLIC_KEY = '{NewRsaKeyBody()}'");
        await Harness.OkAsync(carol, "ALTER USER carol UNSET RSA_PUBLIC_KEY");

        UserRecord record = (await Harness.UserRecordAsync("CAROL"))!;
        Assert.True(PasswordHasher.Verify("mine-12345", record.PasswordHash));
        Assert.Equal("PLAIN", record.DefaultRole);
    }

    [Theory]
    [InlineData("ALTER USER carol SET DISABLED = FALSE")]
    [InlineData("ALTER USER carol SET COMMENT = 'me'")]
    [InlineData("ALTER USER carol SET TYPE = PERSON")]
    [InlineData("ALTER USER carol UNSET COMMENT")]
    [InlineData("ALTER USER carol SET EMAIL = 'admin@example.com'")]
    [InlineData("DROP USER carol")]
    public async Task AlterUser_SelfOtherThanSelfService_Fails003001(string sql)
    {
        SqlSession carol = await Harness.UserWithRoleAsync("CAROL", "PLAIN");

        SqlError error = await Harness.FailAsync(carol, sql);

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on user 'CAROL'", error.Message);
    }

    [Fact]
    public async Task AlterUserSet_SeenThroughManageGrantsButNotOwned_Fails003001()
    {
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);

        SqlError error = await Harness.FailAsync(securityAdmin, "ALTER USER admin SET COMMENT = 'x'");

        Assert.Equal("003001", error.Code);
    }

    [Fact]
    public async Task AlterUserSet_InvisibleUser_AnswersLikeAMissingOne()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");
        SqlSession nobody = await Harness.PublicUserAsync("NOBODY");

        SqlError invisible = await Harness.FailAsync(nobody, "ALTER USER bob SET COMMENT = 'x'");
        SqlError missing = await Harness.FailAsync(nobody, "ALTER USER ghost SET COMMENT = 'x'");

        Assert.Equal("SQL compilation error:\nUser 'BOB' does not exist or not authorized.", invisible.Message);
        Assert.Equal((missing.Code, missing.SqlState), (invisible.Code, invisible.SqlState));
        Assert.Equal(missing.Message.Replace("GHOST", "BOB", StringComparison.Ordinal), invisible.Message);
    }

    [Fact]
    public async Task AlterUserSet_IfExistsOnMissingUser_Succeeds()
    {
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "ALTER USER IF EXISTS ghost SET COMMENT = 'x'");

        Assert.Equal("Statement executed successfully.", result.Rows[0][0]);
    }

    [Fact]
    public async Task DropUser_Owner_DropsTheUser()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");

        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "DROP USER bob");

        Assert.Equal("BOB successfully dropped.", result.Rows[0][0]);
        Assert.Null(await Harness.UserRecordAsync("BOB"));
    }

    [Fact]
    public async Task DropUser_Missing_Fails002003AndIfExistsSucceeds()
    {
        SqlError error = await Harness.FailAsync(Harness.Admin, "DROP USER ghost");
        SqlStatementResult result = await Harness.OkAsync(Harness.Admin, "DROP USER IF EXISTS ghost");

        Assert.Equal(("002003", "02000"), (error.Code, error.SqlState));
        Assert.Equal("Drop statement executed successfully (GHOST already dropped).", result.Rows[0][0]);
    }

    [Fact]
    public async Task DropUser_UserAdminOwnsWhatItCreated_DropsIt()
    {
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);
        await Harness.OkAsync(userAdmin, "CREATE USER bob");

        await Harness.OkAsync(userAdmin, "DROP USER bob");
        Assert.Null(await Harness.UserRecordAsync("BOB"));
    }

    [Fact]
    public async Task DropUser_AccountAdminOverUserAdminsUser_InheritsOwnership()
    {
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);
        await Harness.OkAsync(userAdmin, "CREATE USER bob");

        await Harness.OkAsync(Harness.Admin, "DROP USER bob");
        Assert.Null(await Harness.UserRecordAsync("BOB"));
    }

    [Fact]
    public async Task DropUser_SeenThroughManageGrantsButNotOwned_Fails003001AndKeepsTheUser()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");
        SqlSession securityAdmin = await Harness.SystemRoleUserAsync("SA", SystemRoles.SecurityAdmin);

        SqlError error = await Harness.FailAsync(securityAdmin, "DROP USER bob");

        Assert.Equal("SQL access control error:\nInsufficient privileges to operate on user 'BOB'", error.Message);
        Assert.NotNull(await Harness.UserRecordAsync("BOB"));
    }

    [Fact]
    public async Task DropUser_NeitherOwnedNorSeen_Fails002003AndKeepsTheUser()
    {
        await Harness.OkAsync(Harness.Admin, "CREATE USER bob");
        SqlSession userAdmin = await Harness.SystemRoleUserAsync("UA", SystemRoles.UserAdmin);

        SqlError error = await Harness.FailAsync(userAdmin, "DROP USER bob");

        Assert.Equal("SQL compilation error:\nUser 'BOB' does not exist or not authorized.", error.Message);
        Assert.NotNull(await Harness.UserRecordAsync("BOB"));
    }

    [Fact]
    public async Task DropUser_TheSessionsOwnUser_IsRefused()
    {
        await Harness.OkAsync(Harness.Admin, "GRANT OWNERSHIP ON USER admin TO ROLE accountadmin");

        SqlError error = await Harness.FailAsync(Harness.Admin, "DROP USER admin");

        Assert.Equal("SQL compilation error:\nCannot drop user ADMIN as it is the current user.", error.Message);
        Assert.NotNull(await Harness.UserRecordAsync("ADMIN"));
    }
}
