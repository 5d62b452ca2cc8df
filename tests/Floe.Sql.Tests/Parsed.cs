using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Parsing;

namespace Floe.Sql.Tests;

/// <summary>Parsing for tests: the statements, or the error, with the other outcome failing the test.</summary>
internal static class Parsed
{
    public static IReadOnlyList<Statement> All(string sql)
    {
        SqlResult<IReadOnlyList<Statement>> result = SqlParser.Parse(sql);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value;
    }

    public static Statement Single(string sql) => Assert.Single(All(sql));

    public static SqlError Error(string sql)
    {
        SqlResult<IReadOnlyList<Statement>> result = SqlParser.Parse(sql);
        Assert.False(result.IsSuccess, $"'{sql}' parsed");
        return result.Error;
    }

    /// <summary>The <c>verified_stmt</c> check: the statement prints back as exactly the text it was parsed from.</summary>
    public static void AssertRoundTrip(string sql) => Assert.Equal(sql, Single(sql).ToSql());

    public static Identifier Id(string unquoted) => Identifier.Unquoted(unquoted);

    public static ObjectName Name(params string[] parts) => ObjectName.Of([.. parts.Select(Id)]);
}
