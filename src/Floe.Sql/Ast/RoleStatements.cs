namespace Floe.Sql.Ast;

/// <summary><c>CREATE [OR REPLACE] ROLE [IF NOT EXISTS] &lt;name&gt; [COMMENT = '&lt;c&gt;']</c>.</summary>
public sealed record CreateRole(bool OrReplace, bool IfNotExists, Identifier Name, string? Comment = null) : Statement
{
    public override string ToSql() => SqlText.Join(
        SqlText.Create(OrReplace, ObjectKind.Role, IfNotExists, Name.ToSql()), SqlText.Property("COMMENT", Comment));
}

/// <summary>Whom a role is granted to, or whose grants are shown.</summary>
public enum GranteeKind
{
    User,
    Role,
}

/// <summary><c>USER &lt;name&gt;</c> or <c>ROLE &lt;name&gt;</c>.</summary>
public sealed record Grantee(GranteeKind Kind, Identifier Name)
{
    public string ToSql() => (Kind == GranteeKind.User ? "USER " : "ROLE ") + Name.ToSql();
}

/// <summary><c>GRANT ROLE &lt;role&gt; TO {USER &lt;user&gt; | ROLE &lt;parent&gt;}</c>.</summary>
public sealed record GrantRole(Identifier Role, Grantee To) : Statement
{
    public override string ToSql() => "GRANT ROLE " + Role.ToSql() + " TO " + To.ToSql();
}

/// <summary><c>REVOKE ROLE &lt;role&gt; FROM {USER &lt;user&gt; | ROLE &lt;parent&gt;}</c>.</summary>
public sealed record RevokeRole(Identifier Role, Grantee From) : Statement
{
    public override string ToSql() => "REVOKE ROLE " + Role.ToSql() + " FROM " + From.ToSql();
}
