using Floe.Sql.Ast;

namespace Floe.Sql.Execution;

/// <summary>Stored names as messages show them: each part bare when it can be, otherwise quoted.</summary>
internal static class SqlNames
{
    /// <summary><c>MY_DB</c>, <c>MY_DB.PUBLIC</c>, <c>"my db".PUBLIC</c>.</summary>
    public static string Display(params string[] parts) =>
        string.Join('.', parts.Select(part => Identifier.Quoted(part).ToSql()));
}
