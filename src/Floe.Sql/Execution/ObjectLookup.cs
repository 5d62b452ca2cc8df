using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Core.Security;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution;

/// <summary>
/// Finds the databases, schemas and repositories a statement names, as the session may see them: an
/// object that does not exist and one the session's effective roles hold no privilege on (nor MANAGE
/// GRANTS) give the same 002003 error (PRODUCT.md §3.4), and so does an object whose container the
/// session cannot see. Privilege checks beyond visibility are the statement's own.
/// </summary>
internal static class ObjectLookup
{
    public static async ValueTask<SqlResult<DatabaseRecord>> FindDatabaseAsync(
        this StatementContext context, string name, CancellationToken cancellationToken)
    {
        DatabaseRecord? database = await context.Store.FindDatabaseAsync(context.AccountId, name, cancellationToken);
        return database is not null && await context.CanSeeAsync(SecurableObject.Database(database.Id), cancellationToken)
            ? database
            : SqlErrors.NotFound("Database", SqlNames.Display(name));
    }

    public static async ValueTask<SqlResult<SchemaRecord>> FindSchemaAsync(
        this StatementContext context, string database, string name, CancellationToken cancellationToken)
    {
        SqlResult<DatabaseRecord> container = await context.FindDatabaseAsync(database, cancellationToken);
        if (!container.IsSuccess)
        {
            return container.Error;
        }

        SchemaRecord? schema = await context.Store.FindSchemaAsync(context.AccountId, database, name, cancellationToken);
        return schema is not null && await context.CanSeeAsync(SecurableObject.Schema(schema.Id), cancellationToken)
            ? schema
            : SqlErrors.NotFound("Schema", SqlNames.Display(database, name));
    }

    /// <summary>The repository, with the ids of its database and schema filled in.</summary>
    public static async ValueTask<SqlResult<RepositoryRecord>> FindRepositoryAsync(
        this StatementContext context, RepositoryKey key, CancellationToken cancellationToken)
    {
        SqlResult<SchemaRecord> schema = await context.FindSchemaAsync(key.Database, key.Schema, cancellationToken);
        if (!schema.IsSuccess)
        {
            return schema.Error;
        }

        RepositoryRecord? repository = await context.Services.Registry.FindRepositoryAsync(context.AccountId, key, cancellationToken);
        return repository is not null && await context.CanSeeAsync(SecurableObject.ImageRepository(repository.Id), cancellationToken)
            ? repository with { DatabaseId = schema.Value.DatabaseId, SchemaId = schema.Value.Id }
            : SqlErrors.NotFound("Image Repository", SqlNames.Display(key.Database, key.Schema, key.Repository));
    }

    /// <summary>Whether the session's effective roles hold one of <paramref name="anyOf"/> on the object (OWNERSHIP implies all).</summary>
    public static async ValueTask<bool> HoldsAsync(
        this StatementContext context, SecurableObject target, IReadOnlyCollection<Privilege> anyOf, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return await context.Authorizer.HasPrivilegeAsync(roles.Effective, target, anyOf, cancellationToken);
    }

    /// <summary>Whether the session's effective roles own the object.</summary>
    public static async ValueTask<bool> OwnsAsync(this StatementContext context, SecurableObject target, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        PrivilegeMap held = await context.Authorizer.GetPrivilegesAsync(roles.Effective, [target], cancellationToken);
        return held.Owns(target);
    }

    /// <summary>
    /// The role that will own what a CREATE makes — the session's primary role — when it (or a role
    /// below it) holds <paramref name="privilege"/> on the container (PRODUCT.md §5.2); otherwise <c>null</c>.
    /// </summary>
    public static async ValueTask<RoleNode?> CreatorAsync(
        this StatementContext context, SecurableObject container, Privilege privilege, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return roles.Primary is not null
            && await context.Authorizer.HasPrivilegeAsync(roles.ForCreate, container, [privilege], cancellationToken)
                ? roles.Primary
                : null;
    }

    private static async ValueTask<bool> CanSeeAsync(this StatementContext context, SecurableObject target, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return await context.Authorizer.CanSeeAsync(roles.Effective, target, cancellationToken);
    }
}
