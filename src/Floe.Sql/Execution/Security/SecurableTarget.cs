using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using ObjectName = Floe.Sql.Ast.ObjectName;

namespace Floe.Sql.Execution.Security;

/// <summary>An existing object a statement names: its store identity, its kind and its name as messages print it.</summary>
internal sealed record SecurableTarget(SecurableObject Object, ObjectKind Kind, string Name)
{
    public long Id => Object.Id;

    /// <summary>The current account.</summary>
    public static SecurableTarget Account(StatementContext context) =>
        new(SecurableObject.Account(context.AccountId), ObjectKind.Account, SecurityText.Part(context.Session.AccountName));

    /// <summary>
    /// The object a GRANT, REVOKE or SHOW GRANTS names, when it exists and the session's roles see it;
    /// otherwise the one not-found error for both cases (PRODUCT.md §3.4).
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
        return Found(ObjectKind.Schema, schema?.Id, SecurityText.Qualified(database.Value, name.Name.Normalized));
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
        if (kind == ObjectKind.ImageRepository)
        {
            var key = new RepositoryKey(databaseName, schemaName, name.Name.Normalized);
            var repository = await context.Services.Registry.FindRepositoryAsync(context.AccountId, key, cancellationToken);
            return Found(kind, repository?.Id, qualified);
        }

        SchemaRecord? schema = await context.Store.FindSchemaAsync(context.AccountId, databaseName, schemaName, cancellationToken);
        AuthenticationPolicyRecord? policy = schema is null
            ? null
            : await context.Store.FindAuthenticationPolicyAsync(context.AccountId, schema.Id, name.Name.Normalized, cancellationToken);
        return Found(kind, policy?.Id, qualified);
    }

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
