using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using ObjectName = Floe.Sql.Ast.ObjectName;

namespace Floe.Sql.Execution.Security;

/// <summary>
/// An existing object a statement names: its store identity, its kind, its name as messages print it,
/// and its containers (database, then schema) for Snowflake's USAGE rule.
/// </summary>
internal sealed record SecurableTarget(SecurableObject Object, ObjectKind Kind, string Name)
{
    public long Id => Object.Id;

    /// <summary>The database and schema that hold the object, outermost first; empty for account objects.</summary>
    public IReadOnlyList<SecurableTarget> Containers { get; init; } = [];

    /// <summary>The current account.</summary>
    public static SecurableTarget Account(StatementContext context) =>
        new(SecurableObject.Account(context.AccountId), ObjectKind.Account, SecurityText.Part(context.Session.AccountName));

    /// <summary>
    /// The object a GRANT, REVOKE or SHOW GRANTS names, when it exists and the session's roles see it;
    /// otherwise the one not-found error for both cases.
    /// </summary>
    public static async ValueTask<SqlResult<(SecurableTarget Target, ObjectAccess Access)>> FindVisibleAsync(
        StatementContext context, Securable securable, string statement, CancellationToken cancellationToken)
    {
        SqlResult<SecurableTarget> found = securable switch
        {
            AccountSecurable => Account(context),
            ObjectSecurable named => await FindAsync(context, named.Kind, named.Name, statement, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(securable), securable, null),
        };
        return found.IsSuccess ? await CheckVisibleAsync(context, found.Value, cancellationToken) : found.Error;
    }

    /// <summary><see cref="FindAsync"/>, then the visibility rule of <see cref="ObjectAccess"/>.</summary>
    public static async ValueTask<SqlResult<(SecurableTarget Target, ObjectAccess Access)>> FindVisibleAsync(
        StatementContext context, ObjectKind kind, ObjectName name, string statement, CancellationToken cancellationToken)
    {
        SqlResult<SecurableTarget> found = await FindAsync(context, kind, name, statement, cancellationToken);
        return found.IsSuccess ? await CheckVisibleAsync(context, found.Value, cancellationToken) : found.Error;
    }

    /// <summary>The named object of the account, or the not-found error; names are completed from the session.</summary>
    public static async ValueTask<SqlResult<SecurableTarget>> FindAsync(
        StatementContext context, ObjectKind kind, ObjectName name, string statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        IControlPlaneStore store = context.Store;
        long account = context.AccountId;
        string last = name.Name.Normalized;
        switch (kind)
        {
            case ObjectKind.Database:
                DatabaseRecord? database = await store.FindDatabaseAsync(account, last, cancellationToken);
                return Found(kind, database?.Id, SecurityText.Part(last));
            case ObjectKind.Role:
                RoleRecord? role = await store.FindRoleAsync(account, last, cancellationToken);
                return Found(kind, role?.Id, SecurityText.Part(last));
            case ObjectKind.User:
                UserRecord? user = await store.FindUserAsync(account, last, cancellationToken);
                return Found(kind, user?.Id, SecurityText.Part(last));
            case ObjectKind.Schema:
                return await FindSchemaAsync(context, name, statement, cancellationToken);
            case ObjectKind.ImageRepository:
            case ObjectKind.AuthenticationPolicy:
                return await FindSchemaObjectAsync(context, kind, name, statement, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>A schema named with one or two parts, the database from the session when not written.</summary>
    public static async ValueTask<SqlResult<SecurableTarget>> FindSchemaAsync(
        StatementContext context, ObjectName name, string statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        SqlResult<string> database = context.ResolveDatabase(name, statement);
        if (!database.IsSuccess)
        {
            return database.Error;
        }

        SchemaRecord? schema = await context.Store.FindSchemaAsync(context.AccountId, database.Value, name.Name.Normalized, cancellationToken);
        return schema is null
            ? SecurityText.NotFound(ObjectKind.Schema, SecurityText.Qualified(database.Value, name.Name.Normalized))
            : Schema(schema);
    }

    /// <summary>A schema, held by its database.</summary>
    public static SecurableTarget Schema(SchemaRecord schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return new SecurableTarget(SecurableObject.Schema(schema.Id), ObjectKind.Schema, SecurityText.Qualified(schema.Database, schema.Name))
        {
            Containers = [Database(schema.DatabaseId, schema.Database)],
        };
    }

    private static async ValueTask<SqlResult<SecurableTarget>> FindSchemaObjectAsync(
        StatementContext context, ObjectKind kind, ObjectName name, string statement, CancellationToken cancellationToken)
    {
        SqlResult<(string Database, string Schema)> container = context.ResolveContainer(name, statement);
        if (!container.IsSuccess)
        {
            return container.Error;
        }

        (string databaseName, string schemaName) = container.Value;
        string qualified = SecurityText.Qualified(databaseName, schemaName, name.Name.Normalized);
        SchemaRecord? schema = await context.Store.FindSchemaAsync(context.AccountId, databaseName, schemaName, cancellationToken);
        if (schema is null)
        {
            return SecurityText.NotFound(kind, qualified);
        }

        long? id = kind == ObjectKind.ImageRepository
            ? (await context.Services.Repositories.FindRepositoryAsync(
                context.AccountId, new RepositoryKey(databaseName, schemaName, name.Name.Normalized), cancellationToken))?.Id
            : (await context.Store.FindAuthenticationPolicyAsync(context.AccountId, schema.Id, name.Name.Normalized, cancellationToken))?.Id;
        SecurableTarget holder = Schema(schema);
        SqlResult<SecurableTarget> found = Found(kind, id, qualified);
        return found.IsSuccess ? found.Value with { Containers = [.. holder.Containers, holder] } : found;
    }

    private static SecurableTarget Database(long id, string name) =>
        new(SecurableObject.Database(id), ObjectKind.Database, SecurityText.Part(name));

    private static async ValueTask<SqlResult<(SecurableTarget Target, ObjectAccess Access)>> CheckVisibleAsync(
        StatementContext context, SecurableTarget target, CancellationToken cancellationToken)
    {
        ObjectAccess access = await ObjectAccess.OfAsync(context, target.Object, cancellationToken);
        return access.Visible ? (target, access) : SecurityText.NotFound(target.Kind, target.Name);
    }

    private static SqlResult<SecurableTarget> Found(ObjectKind kind, long? id, string name) =>
        id is long found
            ? new SecurableTarget(new SecurableObject(kind.ToSecurableType(), found), kind, name)
            : SecurityText.NotFound(kind, name);
}
