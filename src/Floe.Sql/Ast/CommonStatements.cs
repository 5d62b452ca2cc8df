namespace Floe.Sql.Ast;

/// <summary>What <c>DROP DATABASE</c> and <c>DROP SCHEMA</c> do with what the object holds.</summary>
public enum DropBehavior
{
    Cascade,
    Restrict,
}

/// <summary>
/// <c>DROP &lt;kind&gt; [IF EXISTS] &lt;name&gt; [CASCADE | RESTRICT]</c>, for every kind; the
/// behavior is only ever set for a database or a schema.
/// </summary>
public sealed record DropObject(ObjectKind Kind, bool IfExists, ObjectName Name, DropBehavior? Behavior = null)
    : Statement
{
    public override string ToSql() => SqlText.Join(
        "DROP",
        Kind.ToSql(),
        SqlText.If(IfExists, "IF EXISTS"),
        Name.ToSql(),
        Behavior?.ToString().ToUpperInvariant());
}

/// <summary><c>ALTER {DATABASE | SCHEMA | IMAGE REPOSITORY} [IF EXISTS] &lt;name&gt; SET COMMENT = '&lt;c&gt;'</c>.</summary>
public sealed record SetComment(ObjectKind Kind, bool IfExists, ObjectName Name, string Comment) : Statement
{
    public override string ToSql() => SqlText.Join(
        "ALTER", Kind.ToSql(), SqlText.If(IfExists, "IF EXISTS"), Name.ToSql(), "SET", SqlText.Property("COMMENT", Comment));
}

/// <summary><c>ALTER {DATABASE | SCHEMA | IMAGE REPOSITORY} [IF EXISTS] &lt;name&gt; UNSET COMMENT</c>.</summary>
public sealed record UnsetComment(ObjectKind Kind, bool IfExists, ObjectName Name) : Statement
{
    public override string ToSql() => SqlText.Join(
        "ALTER", Kind.ToSql(), SqlText.If(IfExists, "IF EXISTS"), Name.ToSql(), "UNSET COMMENT");
}

/// <summary><c>SHOW {ACCOUNTS | DATABASES | USERS | ROLES} [LIKE '&lt;pattern&gt;']</c>.</summary>
public sealed record ShowObjects(ObjectKind Kind, string? Like = null) : Statement
{
    public override string ToSql() => SqlText.Join("SHOW", Kind.ToPluralSql(), SqlText.Like(Like));
}

/// <summary>
/// <c>SHOW {IMAGE REPOSITORIES | AUTHENTICATION POLICIES} [LIKE '&lt;p&gt;'] [IN &lt;scope&gt;]
/// [STARTS WITH '&lt;s&gt;'] [LIMIT &lt;n&gt; [FROM '&lt;s&gt;']]</c>: objects that live in a schema.
/// </summary>
public sealed record ShowSchemaObjects(
    ObjectKind Kind,
    string? Like = null,
    ShowScope? In = null,
    string? StartsWith = null,
    ShowLimit? Limit = null) : Statement
{
    public override string ToSql() => SqlText.Join(
        "SHOW",
        Kind.ToPluralSql(),
        SqlText.Like(Like),
        In is null ? null : "IN " + In.ToSql(),
        StartsWith is null ? null : "STARTS WITH " + SqlText.Literal(StartsWith),
        Limit?.ToSql());
}

/// <summary>Where a <c>SHOW</c> looks: <c>IN ACCOUNT</c>, <c>IN DATABASE [&lt;db&gt;]</c> or <c>IN SCHEMA [&lt;schema&gt;]</c>.</summary>
public abstract record ShowScope
{
    public abstract string ToSql();
}

/// <summary><c>IN ACCOUNT</c>: every database of the account.</summary>
public sealed record AccountScope : ShowScope
{
    public override string ToSql() => "ACCOUNT";
}

/// <summary><c>IN DATABASE [&lt;db&gt;]</c>; without a name, the session's current database.</summary>
public sealed record DatabaseScope(Identifier? Database = null) : ShowScope
{
    public override string ToSql() => SqlText.Join("DATABASE", Database?.ToSql());
}

/// <summary>
/// <c>IN SCHEMA [[&lt;db&gt;.]&lt;schema&gt;]</c>, also written <c>IN &lt;schema&gt;</c>; without a name,
/// the session's current schema.
/// </summary>
public sealed record SchemaScope(ObjectName? Schema = null) : ShowScope
{
    public override string ToSql() => SqlText.Join("SCHEMA", Schema?.ToSql());
}

/// <summary><c>LIMIT &lt;rows&gt; [FROM '&lt;name&gt;']</c>: at most that many rows, from that name on.</summary>
public sealed record ShowLimit(int Rows, string? From = null)
{
    public string ToSql() => SqlText.Join(
        "LIMIT", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), From is null ? null : "FROM " + SqlText.Literal(From));
}
