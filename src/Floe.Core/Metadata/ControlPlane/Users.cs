using Floe.Core.Security;

namespace Floe.Core.Metadata.ControlPlane;

/// <summary><c>TYPE = PERSON | SERVICE</c>: a SERVICE user cannot use a password.</summary>
public enum UserType
{
    Person,
    Service,
}

/// <summary>
/// A user. The password is only ever a <c>PasswordHasher</c> hash;
/// <see cref="RsaPublicKey"/> carries its fingerprint. <see cref="Owner"/> is the role holding OWNERSHIP.
/// </summary>
public sealed record UserRecord
{
    public required long Id { get; init; }

    public required long AccountId { get; init; }

    public required string Name { get; init; }

    public required string LoginName { get; init; }

    public required DateTimeOffset CreatedOn { get; init; }

    public string? PasswordHash { get; init; }

    public UserType Type { get; init; }

    /// <summary>A role name as given; Snowflake does not require the role to exist.</summary>
    public string? DefaultRole { get; init; }

    public RsaPublicKey? RsaPublicKey { get; init; }

    public bool Disabled { get; init; }

    public string? Comment { get; init; }

    /// <summary>The user's e-mail address (<c>EMAIL</c>), as given; what <c>EMAIL_ADDRESS</c> mapping of an identity provider's token matches.</summary>
    public string? Email { get; init; }

    public long? AuthenticationPolicyId { get; init; }

    public string? Owner { get; init; }
}

/// <summary>A user to create, owned by <see cref="OwnerRoleId"/>; <see cref="LoginName"/> defaults to <see cref="Name"/>.</summary>
public sealed record NewUser(long AccountId, string Name, long OwnerRoleId)
{
    public string? LoginName { get; init; }

    public string? PasswordHash { get; init; }

    public UserType Type { get; init; }

    public string? DefaultRole { get; init; }

    public RsaPublicKey? RsaPublicKey { get; init; }

    public bool Disabled { get; init; }

    public string? Comment { get; init; }

    public string? Email { get; init; }
}

/// <summary>
/// <c>ALTER USER ... SET | UNSET</c>: each non-null property is changed, all in one transaction.
/// UNSET is a change to the default: <c>LoginName</c> to the user's name, <c>Type</c> to PERSON,
/// <c>Disabled</c> to false, the others to <c>null</c>. The authentication policy has its own method.
/// </summary>
public sealed record UserChanges
{
    public Change<string>? LoginName { get; init; }

    public Change<string?>? PasswordHash { get; init; }

    public Change<UserType>? Type { get; init; }

    public Change<string?>? DefaultRole { get; init; }

    public Change<RsaPublicKey?>? RsaPublicKey { get; init; }

    public Change<bool>? Disabled { get; init; }

    public Change<string?>? Comment { get; init; }

    public Change<string?>? Email { get; init; }
}
