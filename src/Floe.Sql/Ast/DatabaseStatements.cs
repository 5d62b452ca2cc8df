namespace Floe.Sql.Ast;

/// <summary>
/// <c>CREATE [OR REPLACE] DATABASE [IF NOT EXISTS] &lt;name&gt; [COMMENT = '&lt;c&gt;']</c>; the new
/// database has a schema <c>PUBLIC</c>.
/// </summary>
public sealed record CreateDatabase(bool OrReplace, bool IfNotExists, Identifier Name, string? Comment = null)
    : Statement
{
    public override string ToSql() => SqlText.Join(
        SqlText.Create(OrReplace, ObjectKind.Database, IfNotExists, Name.ToSql()), SqlText.Property("COMMENT", Comment));
}

/// <summary><c>CREATE [OR REPLACE] SCHEMA [IF NOT EXISTS] [&lt;db&gt;.]&lt;name&gt; [COMMENT = '&lt;c&gt;']</c>.</summary>
public sealed record CreateSchema(bool OrReplace, bool IfNotExists, ObjectName Name, string? Comment = null)
    : Statement
{
    public override string ToSql() => SqlText.Join(
        SqlText.Create(OrReplace, ObjectKind.Schema, IfNotExists, Name.ToSql()), SqlText.Property("COMMENT", Comment));
}

/// <summary>
/// <c>SHOW SCHEMAS [LIKE '&lt;pattern&gt;'] [IN DATABASE &lt;db&gt;]</c> (also written <c>IN &lt;db&gt;</c>);
/// without <c>IN</c>, the schemas of the session's current database.
/// </summary>
public sealed record ShowSchemas(string? Like = null, Identifier? InDatabase = null) : Statement
{
    public override string ToSql() =>
        SqlText.Join("SHOW SCHEMAS", SqlText.Like(Like), InDatabase is { } database ? "IN DATABASE " + database.ToSql() : null);
}
