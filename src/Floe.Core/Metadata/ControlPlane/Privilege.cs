namespace Floe.Core.Metadata.ControlPlane;

/// <summary>The privileges; <see cref="Privileges"/> says which object types each applies to.</summary>
public enum Privilege
{
    Ownership,
    Usage,
    CreateDatabase,
    CreateRole,
    CreateUser,
    ManageGrants,
    CreateAccount,
    CreateSchema,
    CreateImageRepository,
    CreateAuthenticationPolicy,
    Read,
    Write,
    ServiceRead,
    ServiceWrite,

    /// <summary>On the account: see every user's login, query and registry history.</summary>
    Monitor,
}

/// <summary>
/// Names, applicability, <c>ALL</c> expansion and implication of privileges: shared by the store,
/// the SQL executor and the authorizer so that they cannot disagree.
/// </summary>
public static class Privileges
{
    private static readonly Privilege[] Every = Enum.GetValues<Privilege>();

    private static readonly Privilege[] OnAccount =
        [Privilege.CreateDatabase, Privilege.CreateRole, Privilege.CreateUser, Privilege.ManageGrants, Privilege.CreateAccount, Privilege.Monitor];

    private static readonly Privilege[] OnDatabase = [Privilege.Ownership, Privilege.Usage, Privilege.CreateSchema];

    private static readonly Privilege[] OnSchema =
        [Privilege.Ownership, Privilege.Usage, Privilege.CreateImageRepository, Privilege.CreateAuthenticationPolicy];

    private static readonly Privilege[] OnImageRepository =
        [Privilege.Ownership, Privilege.Read, Privilege.Write, Privilege.ServiceRead, Privilege.ServiceWrite];

    private static readonly Privilege[] OwnershipOnly = [Privilege.Ownership];

    /// <summary>The SQL name: <c>CREATE IMAGE REPOSITORY</c>, <c>SERVICE READ</c>.</summary>
    public static string ToSql(this Privilege privilege) => privilege switch
    {
        Privilege.Ownership => "OWNERSHIP",
        Privilege.Usage => "USAGE",
        Privilege.CreateDatabase => "CREATE DATABASE",
        Privilege.CreateRole => "CREATE ROLE",
        Privilege.CreateUser => "CREATE USER",
        Privilege.ManageGrants => "MANAGE GRANTS",
        Privilege.CreateAccount => "CREATE ACCOUNT",
        Privilege.CreateSchema => "CREATE SCHEMA",
        Privilege.CreateImageRepository => "CREATE IMAGE REPOSITORY",
        Privilege.CreateAuthenticationPolicy => "CREATE AUTHENTICATION POLICY",
        Privilege.Read => "READ",
        Privilege.Write => "WRITE",
        Privilege.ServiceRead => "SERVICE READ",
        Privilege.ServiceWrite => "SERVICE WRITE",
        Privilege.Monitor => "MONITOR",
        _ => throw new ArgumentOutOfRangeException(nameof(privilege), privilege, null),
    };

    /// <summary>Parses the <see cref="ToSql"/> form (exact: the parser normalizes case and spacing first).</summary>
    public static bool TryParse(string text, out Privilege privilege)
    {
        foreach (Privilege candidate in Every)
        {
            if (candidate.ToSql() == text)
            {
                privilege = candidate;
                return true;
            }
        }

        privilege = default;
        return false;
    }

    public static Privilege Parse(string text) =>
        TryParse(text, out Privilege privilege) ? privilege : throw new FormatException($"'{text}' is not a privilege.");

    /// <summary>Every privilege that can be granted on an object of <paramref name="type"/>, OWNERSHIP included.</summary>
    public static IReadOnlyList<Privilege> ApplicableTo(SecurableType type) => type switch
    {
        SecurableType.Account => OnAccount,
        SecurableType.Database => OnDatabase,
        SecurableType.Schema => OnSchema,
        SecurableType.ImageRepository => OnImageRepository,
        SecurableType.Role or SecurableType.User or SecurableType.AuthenticationPolicy => OwnershipOnly,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>
    /// Whether <paramref name="privilege"/> can be granted on <paramref name="type"/>. <c>CREATE ACCOUNT</c>
    /// exists only on the organization's account.
    /// </summary>
    public static bool AppliesTo(this Privilege privilege, SecurableType type, bool organizationAccount = true) =>
        ApplicableTo(type).Contains(privilege) && (privilege != Privilege.CreateAccount || organizationAccount);

    /// <summary>
    /// What <c>ALL [PRIVILEGES]</c> means on an object of <paramref name="type"/>: every applicable
    /// privilege except OWNERSHIP (which is transferred, never granted by ALL), and CREATE ACCOUNT
    /// only on the organization's account. Empty for roles, users and policies.
    /// </summary>
    public static IReadOnlyList<Privilege> All(SecurableType type, bool organizationAccount) =>
        [.. ApplicableTo(type).Where(p => p != Privilege.Ownership && p.AppliesTo(type, organizationAccount))];

    /// <summary>
    /// Whether holding <paramref name="held"/> on an object gives <paramref name="wanted"/> on the same
    /// object: OWNERSHIP gives every privilege, WRITE gives READ, SERVICE WRITE gives SERVICE READ.
    /// Nothing else implies anything (in particular READ/WRITE do not imply SERVICE READ/WRITE).
    /// </summary>
    public static bool Implies(this Privilege held, Privilege wanted) =>
        held == wanted
        || held == Privilege.Ownership
        || (held == Privilege.Write && wanted == Privilege.Read)
        || (held == Privilege.ServiceWrite && wanted == Privilege.ServiceRead);
}
