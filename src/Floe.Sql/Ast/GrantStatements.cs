namespace Floe.Sql.Ast;

/// <summary>
/// <c>GRANT &lt;privilege&gt; [, ...] ON &lt;scope&gt; TO ROLE &lt;role&gt; [WITH GRANT OPTION]</c>; every
/// privilege exists on the scope's kind (<see cref="Privileges.ApplicableTo"/>) and none is
/// <c>OWNERSHIP</c> (that is <see cref="GrantOwnership"/>).
/// </summary>
public sealed record GrantPrivileges(PrivilegeSet Privileges, GrantScope On, Identifier Role, bool WithGrantOption = false)
    : Statement
{
    public override string ToSql() => SqlText.Join(
        "GRANT", Privileges.ToSql(), "ON", On.ToSql(), "TO ROLE", Role.ToSql(), SqlText.If(WithGrantOption, "WITH GRANT OPTION"));
}

/// <summary>
/// <c>REVOKE [GRANT OPTION FOR] &lt;privilege&gt; [, ...] ON &lt;scope&gt; FROM ROLE &lt;role&gt;</c>;
/// with <c>GRANT OPTION FOR</c> only the right to grant the privileges on is revoked.
/// </summary>
public sealed record RevokePrivileges(bool GrantOptionFor, PrivilegeSet Privileges, GrantScope On, Identifier Role)
    : Statement
{
    public override string ToSql() => SqlText.Join(
        "REVOKE", SqlText.If(GrantOptionFor, "GRANT OPTION FOR"), Privileges.ToSql(), "ON", On.ToSql(), "FROM ROLE", Role.ToSql());
}

/// <summary>What <c>GRANT OWNERSHIP</c> does with the grants the object already has.</summary>
public enum CurrentGrants
{
    /// <summary><c>COPY CURRENT GRANTS</c>: keep them (granted by the new owner).</summary>
    Copy,

    /// <summary><c>REVOKE CURRENT GRANTS</c>: drop them.</summary>
    Revoke,
}

/// <summary>
/// <c>GRANT OWNERSHIP ON &lt;scope&gt; TO ROLE &lt;role&gt; [COPY CURRENT GRANTS | REVOKE CURRENT GRANTS]</c>;
/// the scope is never the account, and a future scope has no current grants to keep.
/// </summary>
public sealed record GrantOwnership(GrantScope On, Identifier Role, CurrentGrants? CurrentGrants = null) : Statement
{
    public override string ToSql() => SqlText.Join(
        "GRANT OWNERSHIP ON",
        On.ToSql(),
        "TO ROLE",
        Role.ToSql(),
        CurrentGrants is { } current ? current.ToString().ToUpperInvariant() + " CURRENT GRANTS" : null);
}

/// <summary><c>SHOW GRANTS ON {ACCOUNT | &lt;kind&gt; &lt;name&gt;}</c>.</summary>
public sealed record ShowGrantsOn(Securable On) : Statement
{
    public override string ToSql() => "SHOW GRANTS ON " + On.ToSql();
}

/// <summary><c>SHOW GRANTS TO {ROLE &lt;role&gt; | USER &lt;user&gt;}</c>.</summary>
public sealed record ShowGrantsTo(Grantee To) : Statement
{
    public override string ToSql() => "SHOW GRANTS TO " + To.ToSql();
}

/// <summary><c>SHOW GRANTS OF ROLE &lt;role&gt;</c>: the users and roles the role is granted to.</summary>
public sealed record ShowGrantsOfRole(Identifier Role) : Statement
{
    public override string ToSql() => "SHOW GRANTS OF ROLE " + Role.ToSql();
}

/// <summary><c>SHOW FUTURE GRANTS IN SCHEMA &lt;schema&gt;</c>.</summary>
public sealed record ShowFutureGrants(ObjectName Schema) : Statement
{
    public override string ToSql() => "SHOW FUTURE GRANTS IN SCHEMA " + Schema.ToSql();
}
