namespace Floe.Sql.Tests.Ast;

/// <summary>Round trips of the session statements.</summary>
public class SessionStatementsTests
{
    [Theory]
    [InlineData("USE ROLE R")]
    [InlineData("USE ROLE \"My Role\"")]
    [InlineData("USE DATABASE D")]
    [InlineData("USE DATABASE ROLE")]
    [InlineData("USE SCHEMA S")]
    [InlineData("USE SCHEMA D.S")]
    [InlineData("USE SECONDARY ROLES ALL")]
    [InlineData("USE SECONDARY ROLES NONE")]
    [InlineData("SELECT CURRENT_USER()")]
    [InlineData("SELECT CURRENT_ROLE(), CURRENT_USER()")]
    [InlineData("SELECT CURRENT_ACCOUNT(), CURRENT_DATABASE(), CURRENT_SCHEMA(), CURRENT_ROLE(), CURRENT_USER()")]
    [InlineData("SELECT CURRENT_SCHEMA(), CURRENT_SCHEMA()")]
    [InlineData("SELECT CURRENT_REGISTRY_HOST(), CURRENT_ACCOUNT()")]
    public void ToSql_CanonicalSessionStatement_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);
}
