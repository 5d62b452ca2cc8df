using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using static Floe.Sql.Tests.Parsed;

namespace Floe.Sql.Tests.Ast;

public class StatementTests
{
    [Fact]
    public void ToString_CreateUser_LeavesThePasswordOut()
    {
        Statement statement = Single("CREATE USER u PASSWORD = 's3cret!' COMMENT = 'c'");

        Assert.DoesNotContain("s3cret!", statement.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", statement.ToString(), StringComparison.Ordinal);
        Assert.Contains("s3cret!", statement.ToSql(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_CreateAccount_LeavesTheAdminPasswordOut()
    {
        Statement statement = Single("CREATE ACCOUNT a ADMIN_NAME = u ADMIN_PASSWORD = 's3cret!'");

        Assert.DoesNotContain("s3cret!", statement.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ToSql_StringWithQuotesAndBackslashes_EscapesBoth()
    {
        var statement = new CreateRole(false, false, Id("R"), "it's a \\ path");

        Assert.Equal("CREATE ROLE R COMMENT = 'it''s a \\\\ path'", statement.ToSql());
        Assert.Equal(statement, Single(statement.ToSql()));
    }

    [Theory]
    [InlineData(ObjectKind.Account, 1)]
    [InlineData(ObjectKind.Database, 1)]
    [InlineData(ObjectKind.Schema, 2)]
    [InlineData(ObjectKind.ImageRepository, 3)]
    [InlineData(ObjectKind.AuthenticationPolicy, 3)]
    [InlineData(ObjectKind.User, 1)]
    [InlineData(ObjectKind.Role, 1)]
    public void MaxNameParts_EachKind_FollowsItsContainers(ObjectKind kind, int parts)
    {
        Assert.Equal(parts, kind.MaxNameParts());
    }

    [Fact]
    public void ToSecurableType_EachKind_ListsThePrivilegesOfTheContract()
    {
        Assert.Equal("CREATE DATABASE, CREATE ROLE, CREATE USER, MANAGE GRANTS, CREATE ACCOUNT, MONITOR", Names(ObjectKind.Account));
        Assert.Equal("OWNERSHIP, USAGE, CREATE SCHEMA", Names(ObjectKind.Database));
        Assert.Equal("OWNERSHIP, USAGE, CREATE IMAGE REPOSITORY, CREATE AUTHENTICATION POLICY", Names(ObjectKind.Schema));
        Assert.Equal("OWNERSHIP, READ, WRITE, SERVICE READ, SERVICE WRITE", Names(ObjectKind.ImageRepository));
        Assert.Equal("OWNERSHIP", Names(ObjectKind.Role));

        static string Names(ObjectKind kind) => string.Join(", ", Privileges.ApplicableTo(kind.ToSecurableType()).Select(p => p.ToSql()));
    }
}
