using Floe.Sql.Errors;

namespace Floe.Sql.Tests.Errors;

public class SqlErrorsTests
{
    [Fact]
    public void All_Rows_HaveDistinctCodesAndSixDigitCodes()
    {
        Assert.Equal(SqlErrors.All.Count, SqlErrors.All.Select(row => row.Code).Distinct().Count());
        Assert.All(SqlErrors.All, row => Assert.Matches("^[0-9]{6}$", row.Code));
        Assert.All(SqlErrors.All, row => Assert.Matches("^[0-9A-Z]{5}$", row.SqlState));
    }

    [Fact]
    public void NotFound_ObjectAndName_UsesSnowflakesWording()
    {
        Assert.Equal(
            new SqlError("002003", "02000", "SQL compilation error:\nDatabase 'D' does not exist or not authorized."),
            SqlErrors.NotFound("Database", "D"));
    }

    [Fact]
    public void Exists_Name_UsesSnowflakesWording()
    {
        Assert.Equal(
            new SqlError("002002", "42710", "SQL compilation error:\nObject 'R' already exists."),
            SqlErrors.Exists("R"));
    }

    [Fact]
    public void NotAllowed_ObjectAndName_UsesSnowflakesWording()
    {
        Assert.Equal(
            new SqlError("003001", "42501", "SQL access control error:\nInsufficient privileges to operate on schema 'D.S'"),
            SqlErrors.NotAllowed("schema", "D.S"));
    }

    [Fact]
    public void ToString_Error_ReadsLikeTheSnowflakeClients()
    {
        Assert.Equal(
            "001003 (42000): SQL compilation error:\nsyntax error line 1 at position 8 unexpected '<EOF>'.",
            SqlErrors.SyntaxError(1, 8, "<EOF>").ToString());
    }
}
