using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;

namespace Floe.Sql.Execution;

/// <summary>
/// What a database or schema holds, for <c>DROP ... RESTRICT</c>: a schema is empty without image
/// repositories and authentication policies; a database is empty when its only schema is an empty
/// <c>PUBLIC</c> (the one every new database gets).
/// </summary>
internal static class ContainerContents
{
    public static async ValueTask<bool> HoldsObjectsAsync(this StatementContext context, SchemaRecord schema, CancellationToken cancellationToken)
    {
        IReadOnlyList<RepositoryRecord> repositories = await context.Store.ListImageRepositoriesAsync(
            context.AccountId, RepositoryScope.InSchema(schema.Database, schema.Name), cancellationToken);
        if (repositories.Count > 0)
        {
            return true;
        }

        IReadOnlyList<AuthenticationPolicyRecord> policies = await context.Store.ListAuthenticationPoliciesAsync(context.AccountId, cancellationToken);
        return policies.Any(policy => policy.SchemaId == schema.Id);
    }

    public static async ValueTask<bool> HoldsObjectsAsync(this StatementContext context, DatabaseRecord database, CancellationToken cancellationToken)
    {
        IReadOnlyList<SchemaRecord> schemas = await context.Store.ListSchemasAsync(context.AccountId, database.Id, cancellationToken);
        if (schemas.Any(schema => schema.Name != DefaultSchema.Name))
        {
            return true;
        }

        foreach (SchemaRecord schema in schemas)
        {
            if (await context.HoldsObjectsAsync(schema, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
