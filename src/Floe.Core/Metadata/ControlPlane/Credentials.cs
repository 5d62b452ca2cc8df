namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// A programmatic access token: stored as the SHA-256 hash of its secret
/// (<c>SecretHasher</c>). When <see cref="RoleRestriction"/> is set, the token acts with only that role
/// and the roles below it; dropping that role removes the token (a restricted token never silently
/// becomes unrestricted).
/// </summary>
public sealed record AccessTokenRecord(
    long Id,
    long AccountId,
    long UserId,
    string UserName,
    string Name,
    string TokenHash,
    long? RoleRestrictionId,
    string? RoleRestriction,
    DateTimeOffset CreatedOn,
    DateTimeOffset ExpiresOn,
    string? Comment);

/// <summary>A token to add to <see cref="UserId"/>; its name is unique per user.</summary>
public sealed record NewAccessToken(
    long AccountId,
    long UserId,
    string Name,
    string TokenHash,
    long? RoleRestrictionId,
    DateTimeOffset ExpiresOn,
    string? Comment = null);

/// <summary>The methods of <c>AUTHENTICATION_METHODS</c>. Session tokens are never limited.</summary>
[Flags]
public enum AuthenticationMethods
{
    None = 0,
    Password = 1,
    KeyPair = 2,
    ProgrammaticAccessToken = 4,

    /// <summary>An access token of the account's identity provider (an External OAuth security integration).</summary>
    OAuth = 8,
    All = Password | KeyPair | ProgrammaticAccessToken | OAuth,
}

/// <summary>The SQL names of <see cref="AuthenticationMethods"/>.</summary>
public static class AuthenticationMethodNames
{
    private static readonly (AuthenticationMethods Method, string Name)[] Names =
    [
        (AuthenticationMethods.Password, "PASSWORD"),
        (AuthenticationMethods.KeyPair, "KEYPAIR"),
        (AuthenticationMethods.ProgrammaticAccessToken, "PROGRAMMATIC_ACCESS_TOKEN"),
        (AuthenticationMethods.OAuth, "OAUTH"),
    ];

    /// <summary>One method from its SQL name (exact, upper case).</summary>
    public static bool TryParse(string name, out AuthenticationMethods method)
    {
        foreach ((AuthenticationMethods candidate, string candidateName) in Names)
        {
            if (candidateName == name)
            {
                method = candidate;
                return true;
            }
        }

        method = AuthenticationMethods.None;
        return false;
    }

    /// <summary>The names of the methods in the set, in a fixed order.</summary>
    public static IReadOnlyList<string> ToSql(this AuthenticationMethods methods) =>
        [.. Names.Where(entry => methods.HasFlag(entry.Method)).Select(entry => entry.Name)];
}

/// <summary>
/// An authentication policy: a schema object (<see cref="Database"/>.<see cref="Schema"/>.<see cref="Name"/>)
/// that, set on the account or a user, limits the methods that user may sign in with.
/// </summary>
public sealed record AuthenticationPolicyRecord(
    long Id,
    long AccountId,
    long SchemaId,
    string Database,
    string Schema,
    string Name,
    AuthenticationMethods Methods,
    DateTimeOffset CreatedOn,
    string? Owner,
    string? Comment);

/// <summary>A policy to create in <see cref="SchemaId"/>, owned by <see cref="OwnerRoleId"/>.</summary>
public sealed record NewAuthenticationPolicy(
    long AccountId,
    long SchemaId,
    string Name,
    AuthenticationMethods Methods,
    long OwnerRoleId,
    string? Comment = null);

/// <summary><c>USE SECONDARY ROLES ALL | NONE</c>.</summary>
public enum SecondaryRoles
{
    All,
    None,
}

/// <summary>
/// A SQL session, found by the SHA-256 hash of its token (<c>SecretHasher</c>). Its
/// state lives in the store so any node can serve it. <see cref="Role"/>, <see cref="Database"/> and
/// <see cref="Schema"/> are names as the session last set them; the authorizer re-checks the role on
/// every use. <see cref="RoleRestriction"/> is the role a restricted programmatic access token opened
/// the session with: the session then acts only within that role and the roles below
/// it, whatever <c>USE ROLE</c> or <c>USE SECONDARY ROLES</c> it runs. It never changes.
/// </summary>
public sealed record SessionRecord(
    string TokenHash,
    long AccountId,
    long UserId,
    string? Role,
    string? Database,
    string? Schema,
    SecondaryRoles SecondaryRoles,
    DateTimeOffset CreatedOn,
    DateTimeOffset ExpiresOn,
    string? RoleRestriction = null);
