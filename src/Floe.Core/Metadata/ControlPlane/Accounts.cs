namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// An account to create with its provisioning (<see cref="SystemRoles"/>): the system roles, their
/// hierarchy and account privileges, and the admin user holding ACCOUNTADMIN (and ORGADMIN when
/// <see cref="IsOrganizationAccount"/>) with default role ACCOUNTADMIN. The admin's password
/// arrives hashed (<c>PasswordHasher</c>); <c>null</c> for an admin that signs in another way.
/// </summary>
public sealed record NewAccount(string Name, string AdminName, string? AdminPasswordHash)
{
    public string? Comment { get; init; }

    /// <summary>The organization's first account; there is at most one.</summary>
    public bool IsOrganizationAccount { get; init; }
}

/// <summary>What <see cref="IAccountCatalog.EnsureAccountAsync"/> found or did.</summary>
/// <param name="Account">The account, whether it existed or not.</param>
/// <param name="Provisioned">
/// <c>true</c> when this call provisioned it (created it, or found it without system roles) and so
/// created the admin user with the given password hash; <c>false</c> when it was already provisioned
/// and nothing changed.
/// </param>
public sealed record AccountProvisioning(AccountRecord Account, bool Provisioned);

/// <summary>
/// The system roles every account gets, as data the backends provision from in
/// one transaction. Arrows are "parent holds child": ACCOUNTADMIN→SECURITYADMIN→USERADMIN and
/// ACCOUNTADMIN→SYSADMIN. ORGADMIN exists only in the organization's account and stands apart.
/// </summary>
public static class SystemRoles
{
    public const string AccountAdmin = "ACCOUNTADMIN";
    public const string SecurityAdmin = "SECURITYADMIN";
    public const string UserAdmin = "USERADMIN";
    public const string SysAdmin = "SYSADMIN";
    public const string Public = "PUBLIC";
    public const string OrgAdmin = "ORGADMIN";

    private static readonly string[] Regular = [AccountAdmin, SecurityAdmin, UserAdmin, SysAdmin, Public];

    /// <summary>The roles to create, in this order.</summary>
    public static IReadOnlyList<string> For(bool organizationAccount) => organizationAccount ? [.. Regular, OrgAdmin] : Regular;

    /// <summary>The hierarchy: (parent, child) pairs.</summary>
    public static IReadOnlyList<(string Parent, string Child)> Hierarchy { get; } =
    [
        (AccountAdmin, SecurityAdmin),
        (SecurityAdmin, UserAdmin),
        (AccountAdmin, SysAdmin),
    ];

    /// <summary>The account privileges each system role holds directly (ACCOUNTADMIN inherits them).</summary>
    public static IReadOnlyList<(string Role, Privilege Privilege)> AccountPrivileges(bool organizationAccount) =>
    [
        (SecurityAdmin, Privilege.ManageGrants),
        (UserAdmin, Privilege.CreateUser),
        (UserAdmin, Privilege.CreateRole),
        (SysAdmin, Privilege.CreateDatabase),
        .. organizationAccount ? [(OrgAdmin, Privilege.CreateAccount)] : Array.Empty<(string, Privilege)>(),
    ];

    /// <summary>The roles granted to the admin user.</summary>
    public static IReadOnlyList<string> AdminRoles(bool organizationAccount) =>
        organizationAccount ? [AccountAdmin, OrgAdmin] : [AccountAdmin];
}
