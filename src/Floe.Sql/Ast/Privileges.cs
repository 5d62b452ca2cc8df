using Floe.Core.Metadata.ControlPlane;

namespace Floe.Sql.Ast;

/// <summary>
/// The privilege names as the parser reads them. The privileges themselves, and which object each is
/// granted on, are the control plane's (<see cref="Floe.Core.Metadata.ControlPlane.Privileges"/>), so the
/// parser, the executor and the authorizer cannot disagree.
/// </summary>
internal static class PrivilegeKeywords
{
    public static readonly KeywordMap<Privilege> Names = new([.. Enum.GetValues<Privilege>().Select(privilege => (privilege, privilege.ToSql()))]);
}

/// <summary>The privileges of a <c>GRANT</c> or <c>REVOKE</c>: a list, or <c>ALL [PRIVILEGES]</c>.</summary>
public sealed record PrivilegeSet
{
    private PrivilegeSet(bool isAll, ValueList<Privilege> items)
    {
        IsAll = isAll;
        Items = items;
    }

    /// <summary><c>ALL [PRIVILEGES]</c>: every privilege of the object's kind but <c>OWNERSHIP</c>.</summary>
    public static PrivilegeSet All { get; } = new(true, []);

    public bool IsAll { get; }

    /// <summary>The privileges as listed; empty for <see cref="All"/>.</summary>
    public ValueList<Privilege> Items { get; }

    public static PrivilegeSet Of(params Privilege[] privileges)
    {
        ArgumentNullException.ThrowIfNull(privileges);
        return privileges.Length > 0
            ? new PrivilegeSet(false, ValueList.Create<Privilege>(privileges))
            : throw new ArgumentException("A privilege list is not empty.", nameof(privileges));
    }

    public string ToSql() => IsAll ? "ALL PRIVILEGES" : SqlText.List(Items.Select(privilege => privilege.ToSql()));
}

/// <summary>What a grant is on: an existing object, or the image repositories a schema will have.</summary>
public abstract record GrantScope
{
    public abstract string ToSql();
}

/// <summary>An existing object that holds grants (what <c>SHOW GRANTS ON</c> names).</summary>
public abstract record Securable : GrantScope;

/// <summary><c>ACCOUNT</c>: the current account.</summary>
public sealed record AccountSecurable : Securable
{
    public override string ToSql() => "ACCOUNT";
}

/// <summary><c>&lt;kind&gt; &lt;name&gt;</c>: <c>DATABASE d</c>, <c>SCHEMA d.s</c>, <c>IMAGE REPOSITORY d.s.r</c>, ...</summary>
public sealed record ObjectSecurable(ObjectKind Kind, ObjectName Name) : Securable
{
    public override string ToSql() => Kind.ToSql() + " " + Name.ToSql();
}

/// <summary><c>FUTURE IMAGE REPOSITORIES IN SCHEMA &lt;schema&gt;</c>: repositories created in that schema from now on.</summary>
public sealed record FutureImageRepositories(ObjectName Schema) : GrantScope
{
    public override string ToSql() => "FUTURE IMAGE REPOSITORIES IN SCHEMA " + Schema.ToSql();
}
