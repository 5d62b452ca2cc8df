namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// One privilege on one object held by one role, for <c>SHOW GRANTS</c>.
/// <see cref="GrantedBy"/> is the granting role (<c>null</c> for provisioning, or once that role is dropped).
/// </summary>
public sealed record GrantRecord(
    DateTimeOffset CreatedOn,
    Privilege Privilege,
    SecurableObject Object,
    ObjectName ObjectName,
    long GranteeRoleId,
    string GranteeRole,
    bool GrantOption,
    long? GrantedByRoleId,
    string? GrantedBy);

/// <summary>A privilege every new object of <see cref="ObjectType"/> in the schema gets at creation.</summary>
public sealed record FutureGrantRecord(
    DateTimeOffset CreatedOn,
    long SchemaId,
    ObjectName Schema,
    SecurableType ObjectType,
    Privilege Privilege,
    long GranteeRoleId,
    string GranteeRole,
    bool GrantOption,
    string? GrantedBy);

/// <summary>A privilege held on an object by one role of a role set: what the authorizer evaluates.</summary>
public readonly record struct HeldPrivilege(SecurableObject Object, Privilege Privilege, bool GrantOption, long RoleId);

/// <summary>A GRANT of privileges on an object to a role, for <see cref="IGrantStore.GrantPrivilegesAsync"/>.</summary>
public sealed record PrivilegeGrant(
    long AccountId,
    SecurableObject Object,
    IReadOnlyCollection<Privilege> Privileges,
    long GranteeRoleId,
    bool WithGrantOption,
    long? GrantedByRoleId);

/// <summary>The outcome of a GRANT of privileges.</summary>
public enum GrantStatus
{
    /// <summary>Granted (granting what is already held changes nothing but may add the grant option).</summary>
    Granted,

    /// <summary>The object or the grantee role is not in the account.</summary>
    NotFound,

    /// <summary>A privilege does not apply to the object type, or is OWNERSHIP (see <see cref="IGrantStore.TransferOwnershipAsync"/>).</summary>
    NotApplicable,
}

/// <summary>What GRANT OWNERSHIP does with the grants other roles hold on the object.</summary>
public enum CurrentGrants
{
    /// <summary>Neither COPY nor REVOKE: the transfer fails when other grants exist (Snowflake's dependent-grants rule).</summary>
    Fail,

    /// <summary>COPY CURRENT GRANTS: they stay, now granted by the new owner.</summary>
    Copy,

    /// <summary>REVOKE CURRENT GRANTS: they are removed.</summary>
    Revoke,
}

/// <summary>The outcome of GRANT OWNERSHIP.</summary>
public enum TransferStatus
{
    Transferred,

    /// <summary>The object or the new owner is not in the account, or the object type has no owner (the account).</summary>
    NotFound,

    /// <summary>Other grants exist on the object and <see cref="CurrentGrants.Fail"/> was asked.</summary>
    DependentGrants,
}
