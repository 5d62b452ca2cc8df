namespace Floe.Sql.Ast;

/// <summary>The privileges of PRODUCT.md §3.2, each granted on one kind of object.</summary>
public enum Privilege
{
    CreateDatabase,
    CreateRole,
    CreateUser,
    ManageGrants,
    CreateAccount,
    Usage,
    CreateSchema,
    CreateImageRepository,
    CreateAuthenticationPolicy,
    Read,
    Write,
    ServiceRead,
    ServiceWrite,
    Ownership,
}

/// <summary>Privilege names and which object each is granted on.</summary>
public static class Privileges
{
    internal static readonly KeywordMap<Privilege> Names = new(
        (Privilege.CreateDatabase, "CREATE DATABASE"),
        (Privilege.CreateRole, "CREATE ROLE"),
        (Privilege.CreateUser, "CREATE USER"),
        (Privilege.ManageGrants, "MANAGE GRANTS"),
        (Privilege.CreateAccount, "CREATE ACCOUNT"),
        (Privilege.Usage, "USAGE"),
        (Privilege.CreateSchema, "CREATE SCHEMA"),
        (Privilege.CreateImageRepository, "CREATE IMAGE REPOSITORY"),
        (Privilege.CreateAuthenticationPolicy, "CREATE AUTHENTICATION POLICY"),
        (Privilege.Read, "READ"),
        (Privilege.Write, "WRITE"),
        (Privilege.ServiceRead, "SERVICE READ"),
        (Privilege.ServiceWrite, "SERVICE WRITE"),
        (Privilege.Ownership, "OWNERSHIP"));

    private static readonly Privilege[] OnAccount =
        [Privilege.CreateDatabase, Privilege.CreateRole, Privilege.CreateUser, Privilege.ManageGrants, Privilege.CreateAccount];

    private static readonly Privilege[] OnDatabase = [Privilege.Usage, Privilege.CreateSchema, Privilege.Ownership];

    private static readonly Privilege[] OnSchema =
        [Privilege.Usage, Privilege.CreateImageRepository, Privilege.CreateAuthenticationPolicy, Privilege.Ownership];

    private static readonly Privilege[] OnImageRepository =
        [Privilege.Read, Privilege.Write, Privilege.ServiceRead, Privilege.ServiceWrite, Privilege.Ownership];

    private static readonly Privilege[] OwnershipOnly = [Privilege.Ownership];

    /// <summary>The name as written in <c>GRANT</c> and shown in the <c>privilege</c> column: <c>SERVICE READ</c>.</summary>
    public static string ToSql(this Privilege privilege) => Names.ToSql(privilege);

    /// <summary>
    /// The privileges that exist on an object of a kind (PRODUCT.md §3.2); users, roles and
    /// authentication policies have only <c>OWNERSHIP</c>. <c>ALL [PRIVILEGES]</c> stands for
    /// these less <c>OWNERSHIP</c>.
    /// </summary>
    public static IReadOnlyList<Privilege> GrantableOn(ObjectKind kind) => kind switch
    {
        ObjectKind.Account => OnAccount,
        ObjectKind.Database => OnDatabase,
        ObjectKind.Schema => OnSchema,
        ObjectKind.ImageRepository => OnImageRepository,
        _ => OwnershipOnly,
    };
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
