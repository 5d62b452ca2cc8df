using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Core.Security;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution;

/// <summary>How a statement reaches the database and schema that hold the object it names.</summary>
internal enum ContainerAccess
{
    /// <summary>Snowflake's rule for operating on an object: USAGE on its containers (OWNERSHIP implies it).</summary>
    Usage,

    /// <summary>Any privilege on the containers (or MANAGE GRANTS): the SHOW rule, and SHOW IMAGES, which applies the registry's own rule.</summary>
    Visible,
}

/// <summary>
/// Finds the databases, schemas and repositories a statement names, as the session may see them: an
/// object that does not exist and one the session's effective roles hold no privilege on (nor MANAGE
/// GRANTS) give the same 002003 error, and so does a container the session may not
/// reach (<see cref="ContainerAccess"/>). Privilege checks on the object itself are the statement's own.
/// </summary>
internal static class ObjectLookup
{
    /// <summary>A database that the statement names as its object: visible to the session.</summary>
    public static async ValueTask<SqlResult<DatabaseRecord>> FindDatabaseAsync(
        this StatementContext context, string name, CancellationToken cancellationToken)
    {
        DatabaseRecord? database = await context.Store.FindDatabaseAsync(context.AccountId, name, cancellationToken);
        return database is not null && await context.CanSeeAsync(SecurableObject.Database(database.Id), cancellationToken)
            ? database
            : NotFound(name);
    }

    /// <summary>A database that holds the statement's object: reachable as <paramref name="access"/> says.</summary>
    public static async ValueTask<SqlResult<DatabaseRecord>> FindContainerAsync(
        this StatementContext context, string name, ContainerAccess access, CancellationToken cancellationToken)
    {
        SqlResult<DatabaseRecord> database = await context.FindDatabaseAsync(name, cancellationToken);
        if (!database.IsSuccess || access == ContainerAccess.Visible)
        {
            return database;
        }

        return await context.HoldsAsync(SecurableObject.Database(database.Value.Id), [Privilege.Usage], cancellationToken)
            ? database
            : NotFound(name);
    }

    /// <summary>A schema that the statement names as its object: visible, in a database reachable as <paramref name="access"/> says.</summary>
    public static async ValueTask<SqlResult<SchemaRecord>> FindSchemaAsync(
        this StatementContext context, string database, string name, ContainerAccess access, CancellationToken cancellationToken)
    {
        SqlResult<DatabaseRecord> container = await context.FindContainerAsync(database, access, cancellationToken);
        if (!container.IsSuccess)
        {
            return container.Error;
        }

        SchemaRecord? schema = await context.Store.FindSchemaAsync(context.AccountId, database, name, cancellationToken);
        return schema is not null && await context.CanSeeAsync(SecurableObject.Schema(schema.Id), cancellationToken)
            ? schema
            : NotFound(database, name);
    }

    /// <summary>A schema that holds the statement's object: it and its database reachable as <paramref name="access"/> says.</summary>
    public static async ValueTask<SqlResult<SchemaRecord>> FindContainerAsync(
        this StatementContext context, string database, string name, ContainerAccess access, CancellationToken cancellationToken)
    {
        SqlResult<SchemaRecord> schema = await context.FindSchemaAsync(database, name, access, cancellationToken);
        if (!schema.IsSuccess || access == ContainerAccess.Visible)
        {
            return schema;
        }

        return await context.HoldsAsync(SecurableObject.Schema(schema.Value.Id), [Privilege.Usage], cancellationToken)
            ? schema
            : NotFound(database, name);
    }

    /// <summary>The visible repository in containers reachable as <paramref name="access"/> says, with the ids of its database and schema filled in.</summary>
    public static async ValueTask<SqlResult<RepositoryRecord>> FindRepositoryAsync(
        this StatementContext context, RepositoryKey key, ContainerAccess access, CancellationToken cancellationToken)
    {
        SqlResult<SchemaRecord> schema = await context.FindContainerAsync(key.Database, key.Schema, access, cancellationToken);
        if (!schema.IsSuccess)
        {
            return schema.Error;
        }

        RepositoryRecord? repository = await context.Services.Repositories.FindRepositoryAsync(context.AccountId, key, cancellationToken);
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
    /// below it) holds <paramref name="privilege"/> on the container; otherwise <c>null</c>.
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

    private static SqlError NotFound(string database) => SqlErrors.NotFound("Database", SqlNames.Display(database));

    private static SqlError NotFound(string database, string schema) => SqlErrors.NotFound("Schema", SqlNames.Display(database, schema));

    private static async ValueTask<bool> CanSeeAsync(this StatementContext context, SecurableObject target, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        return await context.Authorizer.CanSeeAsync(roles.Effective, target, cancellationToken);
    }
}
