using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using AstUserType = Floe.Sql.Ast.UserType;
using CoreUserType = Floe.Core.Metadata.ControlPlane.UserType;

namespace Floe.Sql.Execution.Security;

/// <summary>
/// The user properties of <c>CREATE USER</c> and <c>ALTER USER ... SET | UNSET</c> as the store takes
/// them: passwords hashed at once (never kept or echoed in clear), RSA keys parsed and fingerprinted,
/// and the rule that a SERVICE user has no password.
/// </summary>
internal static class UserPropertyValues
{
    /// <summary>What a user may change about itself without owning itself.</summary>
    private static readonly UserProperty[] SelfService = [UserProperty.Password, UserProperty.DefaultRole, UserProperty.RsaPublicKey];

    public static bool IsSelfService(UserProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        // Not EMAIL: a user who set its own address could take the identity provider's sign-in of another.
        return properties.Type is null && properties.Disabled is null && properties.Comment is null && properties.Email is null;
    }

    public static bool IsSelfService(IEnumerable<UserProperty> properties) => properties.All(SelfService.Contains);

    public static CoreUserType ToCore(this AstUserType type) => type == AstUserType.Service ? CoreUserType.Service : CoreUserType.Person;

    /// <summary>A new user from <c>CREATE USER</c>'s properties, owned by <paramref name="ownerRoleId"/>.</summary>
    public static SqlResult<NewUser> ToNewUser(long accountId, string name, long ownerRoleId, UserProperties properties, PasswordHasher passwords)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(passwords);
        CoreUserType type = properties.Type?.ToCore() ?? CoreUserType.Person;
        SqlError? invalid = CheckPassword(name, type, properties.Password is not null);
        SqlResult<RsaPublicKey?> key = ParseKey(properties.RsaPublicKey);
        if (invalid is not null || !key.IsSuccess)
        {
            return invalid ?? key.Error!;
        }

        return new NewUser(accountId, name, ownerRoleId)
        {
            PasswordHash = properties.Password is { } password ? passwords.Hash(password) : null,
            Type = type,
            DefaultRole = properties.DefaultRole?.Normalized,
            RsaPublicKey = key.Value,
            Disabled = properties.Disabled ?? false,
            Comment = properties.Comment,
            Email = properties.Email,
        };
    }

    /// <summary>The changes of <c>ALTER USER ... SET</c> to <paramref name="user"/>.</summary>
    public static SqlResult<UserChanges> ToChanges(UserRecord user, UserProperties properties, PasswordHasher passwords)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(properties);
        ArgumentNullException.ThrowIfNull(passwords);
        CoreUserType type = properties.Type?.ToCore() ?? user.Type;
        SqlError? invalid = CheckPassword(user.Name, type, properties.Password is not null || user.PasswordHash is not null);
        SqlResult<RsaPublicKey?> key = ParseKey(properties.RsaPublicKey);
        if (invalid is not null || !key.IsSuccess)
        {
            return invalid ?? key.Error!;
        }

        return new UserChanges
        {
            PasswordHash = properties.Password is { } password ? Change.To<string?>(passwords.Hash(password)) : null,
            Type = properties.Type is { } newType ? Change.To(newType.ToCore()) : null,
            DefaultRole = properties.DefaultRole is { } role ? Change.To<string?>(role.Normalized) : null,
            RsaPublicKey = properties.RsaPublicKey is null ? null : Change.To<RsaPublicKey?>(key.Value),
            Disabled = properties.Disabled is { } disabled ? Change.To(disabled) : null,
            Comment = properties.Comment is { } comment ? Change.To<string?>(comment) : null,
            Email = properties.Email is { } email ? Change.To<string?>(email) : null,
        };
    }

    /// <summary>The changes of <c>ALTER USER ... UNSET</c>: each property back to its default.</summary>
    public static UserChanges ToUnset(IReadOnlyCollection<UserProperty> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new UserChanges
        {
            PasswordHash = properties.Contains(UserProperty.Password) ? Change.To<string?>(null) : null,
            Type = properties.Contains(UserProperty.Type) ? Change.To(CoreUserType.Person) : null,
            DefaultRole = properties.Contains(UserProperty.DefaultRole) ? Change.To<string?>(null) : null,
            RsaPublicKey = properties.Contains(UserProperty.RsaPublicKey) ? Change.To<RsaPublicKey?>(null) : null,
            Disabled = properties.Contains(UserProperty.Disabled) ? Change.To(false) : null,
            Comment = properties.Contains(UserProperty.Comment) ? Change.To<string?>(null) : null,
            Email = properties.Contains(UserProperty.Email) ? Change.To<string?>(null) : null,
        };
    }

    private static SqlError? CheckPassword(string user, CoreUserType type, bool hasPassword) =>
        type == CoreUserType.Service && hasPassword ? SqlErrors.ServiceUserPassword(user) : null;

    private static SqlResult<RsaPublicKey?> ParseKey(string? body)
    {
        if (body is null)
        {
            return SqlResult<RsaPublicKey?>.Ok(null);
        }

        return RsaPublicKey.TryParse(body, out RsaPublicKey? key) ? SqlResult<RsaPublicKey?>.Ok(key) : SqlErrors.InvalidRsaPublicKey();
    }
}
