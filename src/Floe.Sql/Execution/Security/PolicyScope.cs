using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution.Security;

/// <summary>
/// Where <c>SHOW AUTHENTICATION POLICIES ... IN</c> looks: the account, one database or one schema.
/// Without <c>IN</c>, the current database when the session has one, else the account (Snowflake's rule
/// for SHOW of schema objects).
/// </summary>
internal sealed record PolicyScope(string? Database, string? Schema)
{
    private const string Statement = "SHOW AUTHENTICATION POLICIES";

    public bool Contains(AuthenticationPolicyRecord policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return (Database is null || policy.Database == Database) && (Schema is null || policy.Schema == Schema);
    }

    /// <summary>The scope, with a named database or schema that must exist (002003 otherwise).</summary>
    public static async ValueTask<SqlResult<PolicyScope>> ResolveAsync(StatementContext context, ShowScope? scope, CancellationToken cancellationToken)
    {
        switch (scope)
        {
            case null:
                return new PolicyScope(context.Session.Database, null);
            case AccountScope:
                return new PolicyScope(null, null);
            case DatabaseScope { Database: var database }:
                string? databaseName = database?.Normalized ?? context.Session.Database;
                if (databaseName is null)
                {
                    return StatementContext.NoCurrent("database", Statement);
                }

                return await context.Store.FindDatabaseAsync(context.AccountId, databaseName, cancellationToken) is null
                    ? SecurityText.NotFound(ObjectKind.Database, SecurityText.Part(databaseName))
                    : new PolicyScope(databaseName, null);
            case SchemaScope { Schema: var schema }:
                return await ResolveSchemaAsync(context, schema, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(scope), scope, null);
        }
    }

    private static async ValueTask<SqlResult<PolicyScope>> ResolveSchemaAsync(
        StatementContext context, Ast.ObjectName? schema, CancellationToken cancellationToken)
    {
        if (schema is null)
        {
            return context.Session.Schema is { } current && context.Session.Database is { } database
                ? new PolicyScope(database, current)
                : StatementContext.NoCurrent("schema", Statement);
        }

        SqlResult<string> databaseName = context.ResolveDatabase(schema, Statement);
        if (!databaseName.IsSuccess)
        {
            return databaseName.Error;
        }

        string name = schema.Name.Normalized;
        return await context.Store.FindSchemaAsync(context.AccountId, databaseName.Value, name, cancellationToken) is null
            ? SecurityText.NotFound(ObjectKind.Schema, SecurityText.Qualified(databaseName.Value, name))
            : new PolicyScope(databaseName.Value, name);
    }
}
