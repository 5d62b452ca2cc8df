using Floe.Sql.Ast;
using Floe.Sql.Errors;
using static Floe.Sql.Tests.Parsed;

namespace Floe.Sql.Tests.Parsing;

public class HistoryParsingTests
{
    [Theory]
    [InlineData("select * from table(information_schema.login_history())", "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY())")]
    [InlineData("SELECT * FROM TABLE(db.INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 5));", "SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(RESULT_LIMIT => 5))")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY_BY_USER(USER_NAME => 'alice', result_limit=>10))", "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY_BY_USER(USER_NAME => 'ALICE', RESULT_LIMIT => 10))")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER(USER_NAME => CURRENT_USER()))", "SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY_BY_USER())")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.REGISTRY_HISTORY(TIME_RANGE_START => '2025-03-01 12:00:00', TIME_RANGE_END => '2025-03-01T14:00:00+02:00'))",
        "SELECT * FROM TABLE(INFORMATION_SCHEMA.REGISTRY_HISTORY(TIME_RANGE_START => '2025-03-01T12:00:00.000+00:00', TIME_RANGE_END => '2025-03-01T12:00:00.000+00:00'))")]
    public void Parse_HistoryFunction_PrintsCanonicalSql(string sql, string canonical)
    {
        Assert.Equal(canonical, Single(sql).ToSql());
    }

    [Fact]
    public void Parse_ByUserWithAQuotedName_KeepsItsCase()
    {
        SelectHistory statement = Assert.IsType<SelectHistory>(
            Single("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY_BY_USER(USER_NAME => '\"Alice\"', RESULT_LIMIT => 3))"));

        Assert.Equal(new SelectHistory(HistoryFunction.LoginHistoryByUser, "Alice", ResultLimit: 3), statement);
        Assert.Equal(3, statement.Limit);
    }

    [Theory]
    [InlineData("SELECT * FROM DUAL", 1, 14, "DUAL")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.TABLES())", 1, 39, "TABLES")]
    [InlineData("SELECT * FROM TABLE(LOGIN_HISTORY())", 1, 20, "LOGIN_HISTORY")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY()) WHERE 1 = 1", 1, 56, "WHERE")]
    [InlineData("SELECT a FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY())", 1, 7, "a")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY(RESULT_LIMIT = 5))", 1, 66, "=")]
    public void Parse_AnyOtherSelect_IsASyntaxError(string sql, int line, int position, string token)
    {
        Assert.Equal(
            new SqlError("001003", "42000", $"SQL compilation error:\nsyntax error line {line} at position {position} unexpected '{token}'."),
            Error(sql));
    }

    [Theory]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY(USER_NAME => 'A'))", "invalid argument 'USER_NAME' for function 'LOGIN_HISTORY'")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.QUERY_HISTORY(TIME_RANGE_START => '2025-01-01'))", "invalid argument 'TIME_RANGE_START' for function 'QUERY_HISTORY'")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY(RESULT_LIMIT => 1, RESULT_LIMIT => 2))", "duplicate property 'RESULT_LIMIT'")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY(RESULT_LIMIT => 0))", "invalid value '0' for property 'RESULT_LIMIT'")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY(RESULT_LIMIT => 10001))", "invalid value '10001' for property 'RESULT_LIMIT'")]
    [InlineData("SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY(TIME_RANGE_END => 'yesterday'))", "invalid value 'yesterday' for property 'TIME_RANGE_END'")]
    public void Parse_BadArgument_AnswersAClearError(string sql, string message)
    {
        SqlError error = Error(sql);

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal("22023", error.SqlState);
    }
}
