using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Parsing;

namespace Floe.Fuzz;

/// <summary>
/// A SQL request as the SQL API receives it: it parses to statements that print back as SQL parsing to
/// the same statements, or it is refused with a row of the SQL error table.
/// </summary>
internal static class SqlTarget
{
    public static void Run(byte[] input)
    {
        string sql = FuzzTargets.Text(input);
        SqlResult<IReadOnlyList<Statement>> result = SqlParser.Parse(sql);
        if (!result.IsSuccess)
        {
            SqlErrorCode? row = SqlErrors.All.FirstOrDefault(row => row.Code == result.Error.Code);
            FuzzTargets.Require(
                row is not null && row.SqlState == result.Error.SqlState && result.Error.Message.StartsWith(row.MessagePrefix, StringComparison.Ordinal),
                $"refused with {result.Error}, which is not a row of the error table");
            return;
        }

        string printed = string.Join(";\n", result.Value.Select(statement => statement.ToSql()));
        SqlResult<IReadOnlyList<Statement>> reparsed = SqlParser.Parse(printed);
        FuzzTargets.Require(reparsed.IsSuccess, $"printed as '{printed}', which fails: {reparsed.Error}");
        FuzzTargets.Require(result.Value.SequenceEqual(reparsed.Value!), $"printed as '{printed}', which parses to other statements");
    }
}
