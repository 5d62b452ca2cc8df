namespace Floe.Core.Metadata.ControlPlane;

// The control plane's store contract, one small interface per role. Conventions for every method:
// - names are stored as given: the SQL layer normalizes identifiers first, the store compares exactly;
// - every method takes the account id and never reads or changes another account's rows: an id of
//   another account's object (or role, as grantee, owner or grantor) behaves as an unknown id;
// - each method is one transaction: what it says happens together happens atomically;
// - expected failures are status values; exceptions are for the unexpected (I/O, a broken invariant).

/// <summary>The organization's accounts.</summary>
public interface IAccountCatalog
{
    /// <summary>Every account, ordered by name.</summary>
    ValueTask<IReadOnlyList<AccountRecord>> ListAccountsAsync(CancellationToken cancellationToken);

    ValueTask<AccountRecord?> FindAccountByIdAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>Creates and provisions the account (see <see cref="NewAccount"/>); <c>null</c> when the name is taken.</summary>
    ValueTask<AccountRecord?> CreateAccountAsync(NewAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// First-start bootstrap: creates and provisions the account when missing, provisions an existing
    /// account that has no system roles yet, and otherwise changes nothing (an existing admin keeps its
    /// password and grants). Safe to call on every start and from several nodes at once.
    /// </summary>
    ValueTask<AccountProvisioning> EnsureAccountAsync(NewAccount account, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the account and everything in it: repositories with their images, manifests, tags, blob
    /// links and uploads, databases, schemas, roles, users, grants, sessions, tokens and policies.
    /// The organization's account is <see cref="DropStatus.Protected"/>.
    /// </summary>
    ValueTask<DropStatus> DropAccountAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>Sets (or with <c>null</c> unsets) the comment; <c>false</c> when the account does not exist.</summary>
    ValueTask<bool> SetAccountCommentAsync(long accountId, string? comment, CancellationToken cancellationToken);
}

/// <summary>Databases and their schemas. Owners are roles; OWNERSHIP is a grant row.</summary>
public interface IDatabaseStore
{
    /// <summary>Creates the database and its schema PUBLIC, both owned by the new database's owner.</summary>
    ValueTask<CreateResult<DatabaseRecord>> CreateDatabaseAsync(NewDatabase database, CreateMode mode, CancellationToken cancellationToken);

    ValueTask<DatabaseRecord?> FindDatabaseAsync(long accountId, string name, CancellationToken cancellationToken);

    /// <summary>Ordered by name.</summary>
    ValueTask<IReadOnlyList<DatabaseRecord>> ListDatabasesAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the database with its schemas, their image repositories (with every image), their
    /// authentication policies, and every grant and future grant on any of them.
    /// <see cref="DropStatus.InUse"/> when one of its policies is set on the account or a user.
    /// </summary>
    ValueTask<DropStatus> DropDatabaseAsync(long accountId, long databaseId, CancellationToken cancellationToken);

    ValueTask<bool> SetDatabaseCommentAsync(long accountId, long databaseId, string? comment, CancellationToken cancellationToken);

    ValueTask<CreateResult<SchemaRecord>> CreateSchemaAsync(NewSchema schema, CreateMode mode, CancellationToken cancellationToken);

    ValueTask<SchemaRecord?> FindSchemaAsync(long accountId, string database, string name, CancellationToken cancellationToken);

    /// <summary>The schemas of one database, or of the account when <paramref name="databaseId"/> is <c>null</c>; ordered by database, name.</summary>
    ValueTask<IReadOnlyList<SchemaRecord>> ListSchemasAsync(long accountId, long? databaseId, CancellationToken cancellationToken);

    /// <summary>Drops the schema like <see cref="DropDatabaseAsync"/> drops a database's schemas.</summary>
    ValueTask<DropStatus> DropSchemaAsync(long accountId, long schemaId, CancellationToken cancellationToken);

    ValueTask<bool> SetSchemaCommentAsync(long accountId, long schemaId, string? comment, CancellationToken cancellationToken);
}

/// <summary>
/// The SQL side of image repositories; the registry side (find, list, drop) is <see cref="IRepositoryStore"/>,
/// whose <see cref="IRepositoryStore.DropRepositoryAsync"/> also removes the grants on the repository.
/// </summary>
public interface IImageRepositoryStore
{
    /// <summary>
    /// Creates the repository in its schema, records its OWNERSHIP, and applies the schema's future
    /// grants for image repositories, in one transaction. <see cref="CreateMode.OrReplace"/> drops the
    /// old repository (images and grants) in the same transaction; the new one has a new id.
    /// </summary>
    ValueTask<CreateResult<RepositoryRecord>> CreateImageRepositoryAsync(NewImageRepository repository, CreateMode mode, CancellationToken cancellationToken);

    ValueTask<RepositoryRecord?> FindImageRepositoryByIdAsync(long accountId, long repositoryId, CancellationToken cancellationToken);

    /// <summary>The repositories in <paramref name="scope"/>, ordered by database, schema, name.</summary>
    ValueTask<IReadOnlyList<RepositoryRecord>> ListImageRepositoriesAsync(long accountId, RepositoryScope scope, CancellationToken cancellationToken);

    ValueTask<bool> SetRepositoryCommentAsync(long accountId, long repositoryId, string? comment, CancellationToken cancellationToken);
}

/// <summary>Roles and the role hierarchy. PUBLIC is implicitly granted to every user and role.</summary>
public interface IRoleStore
{
    /// <summary>
    /// OR REPLACE drops the old role as <see cref="DropRoleAsync"/> does, what it owned going to the new
    /// role's owner; a system role is <see cref="CreateStatus.Protected"/> from it.
    /// </summary>
    ValueTask<CreateResult<RoleRecord>> CreateRoleAsync(NewRole role, CreateMode mode, CancellationToken cancellationToken);

    ValueTask<RoleRecord?> FindRoleAsync(long accountId, string name, CancellationToken cancellationToken);

    /// <summary>Ordered by name.</summary>
    ValueTask<IReadOnlyList<RoleRecord>> ListRolesAsync(long accountId, CancellationToken cancellationToken);

    /// <summary>
    /// Drops the role, its grants and its edges in the hierarchy; OWNERSHIP of everything it owned moves
    /// to <paramref name="newOwnerRoleId"/> (Snowflake: the role that ran DROP ROLE). System roles are
    /// <see cref="DropStatus.Protected"/>; <see cref="DropStatus.InUse"/> when the new owner is the role
    /// itself; <see cref="DropStatus.NotFound"/> when either role is not in the account.
    /// </summary>
    ValueTask<DropStatus> DropRoleAsync(long accountId, long roleId, long newOwnerRoleId, CancellationToken cancellationToken);

    /// <summary>GRANT ROLE role TO ROLE parent; refused with <see cref="RoleGrantStatus.Cycle"/> when parent is role or below it.</summary>
    ValueTask<RoleGrantStatus> GrantRoleToRoleAsync(long accountId, long roleId, long parentRoleId, long? grantedByRoleId, CancellationToken cancellationToken);

    ValueTask<RoleGrantStatus> GrantRoleToUserAsync(long accountId, long roleId, long userId, long? grantedByRoleId, CancellationToken cancellationToken);

    /// <summary><c>false</c> when there was no such edge.</summary>
    ValueTask<bool> RevokeRoleFromRoleAsync(long accountId, long roleId, long parentRoleId, CancellationToken cancellationToken);

    ValueTask<bool> RevokeRoleFromUserAsync(long accountId, long roleId, long userId, CancellationToken cancellationToken);

    /// <summary>Who holds the role (<c>SHOW GRANTS OF ROLE</c>): roles, then users, each by name.</summary>
    ValueTask<IReadOnlyList<RoleGrantRecord>> ListGrantsOfRoleAsync(long accountId, long roleId, CancellationToken cancellationToken);

    /// <summary>The roles granted directly to the role, by name.</summary>
    ValueTask<IReadOnlyList<RoleGrantRecord>> ListRolesGrantedToRoleAsync(long accountId, long roleId, CancellationToken cancellationToken);

    /// <summary>The roles granted directly to the user (<c>SHOW GRANTS TO USER</c>), by name.</summary>
    ValueTask<IReadOnlyList<RoleGrantRecord>> ListRolesGrantedToUserAsync(long accountId, long userId, CancellationToken cancellationToken);
}

/// <summary>Users.</summary>
public interface IUserStore
{
    /// <summary><see cref="CreateStatus.Conflict"/> when another user has the login name.</summary>
    ValueTask<CreateResult<UserRecord>> CreateUserAsync(NewUser user, CreateMode mode, CancellationToken cancellationToken);

    ValueTask<UserRecord?> FindUserAsync(long accountId, string name, CancellationToken cancellationToken);

    /// <summary>The user that signs in as <paramref name="loginName"/>.</summary>
    ValueTask<UserRecord?> FindUserByLoginNameAsync(long accountId, string loginName, CancellationToken cancellationToken);

    ValueTask<UserRecord?> FindUserByIdAsync(long accountId, long userId, CancellationToken cancellationToken);

    /// <summary>Ordered by name.</summary>
    ValueTask<IReadOnlyList<UserRecord>> ListUsersAsync(long accountId, CancellationToken cancellationToken);

    ValueTask<AlterStatus> AlterUserAsync(long accountId, long userId, UserChanges changes, CancellationToken cancellationToken);

    /// <summary>Drops the user with its role grants, sessions and access tokens; <c>false</c> when unknown.</summary>
    ValueTask<bool> DropUserAsync(long accountId, long userId, CancellationToken cancellationToken);
}
