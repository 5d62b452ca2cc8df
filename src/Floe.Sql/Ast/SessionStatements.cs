namespace Floe.Sql.Ast;

/// <summary><c>USE ROLE &lt;role&gt;</c>: the session's primary role.</summary>
public sealed record UseRole(Identifier Role) : Statement
{
    public override string ToSql() => "USE ROLE " + Role.ToSql();
}

/// <summary>
/// <c>USE [DATABASE] &lt;db&gt;</c>: the session's current database; its schema <c>PUBLIC</c> becomes
/// the current schema (Snowflake's rule).
/// </summary>
public sealed record UseDatabase(Identifier Database) : Statement
{
    public override string ToSql() => "USE DATABASE " + Database.ToSql();
}

/// <summary><c>USE SCHEMA [&lt;db&gt;.]&lt;schema&gt;</c>.</summary>
public sealed record UseSchema(ObjectName Schema) : Statement
{
    public override string ToSql() => "USE SCHEMA " + Schema.ToSql();
}

/// <summary>Which granted roles a session uses besides its primary role.</summary>
public enum SecondaryRoles
{
    /// <summary><c>ALL</c>: every role granted to the user (the default).</summary>
    All,

    /// <summary><c>NONE</c>: only the primary role.</summary>
    None,
}

/// <summary><c>USE SECONDARY ROLES {ALL | NONE}</c>.</summary>
public sealed record UseSecondaryRoles(SecondaryRoles Roles) : Statement
{
    public override string ToSql() => "USE SECONDARY ROLES " + Roles.ToString().ToUpperInvariant();
}

/// <summary>The session's context functions that <c>SELECT</c> can answer.</summary>
public enum ContextFunction
{
    CurrentUser,
    CurrentRole,
    CurrentAccount,
    CurrentDatabase,
    CurrentSchema,

    /// <summary>Floe's own: the account's registry host, with <c>:port</c> when not standard.</summary>
    CurrentRegistryHost,
}

/// <summary>The SQL spelling of <see cref="ContextFunction"/>.</summary>
public static class ContextFunctions
{
    internal static readonly KeywordMap<ContextFunction> Names = new(
        (ContextFunction.CurrentUser, "CURRENT_USER"),
        (ContextFunction.CurrentRole, "CURRENT_ROLE"),
        (ContextFunction.CurrentAccount, "CURRENT_ACCOUNT"),
        (ContextFunction.CurrentDatabase, "CURRENT_DATABASE"),
        (ContextFunction.CurrentSchema, "CURRENT_SCHEMA"),
        (ContextFunction.CurrentRegistryHost, "CURRENT_REGISTRY_HOST"));

    /// <summary>The call as written and as Snowflake names its result column: <c>CURRENT_ROLE()</c>.</summary>
    public static string ToSql(this ContextFunction function) => Names.ToSql(function) + "()";
}

/// <summary><c>SELECT &lt;function&gt;() [, ...]</c>: one row, one column per call, in the order written.</summary>
public sealed record SelectContextFunctions(ValueList<ContextFunction> Functions) : Statement
{
    public override string ToSql() => "SELECT " + SqlText.List(Functions.Select(function => function.ToSql()));
}
