using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution.Areas;

/// <summary><c>SHOW IMAGE REPOSITORIES</c> and <c>SHOW IMAGES IN IMAGE REPOSITORY</c>.</summary>
internal sealed partial class ImageRepositoryArea
{
    /// <summary>The most rows <c>SHOW IMAGE REPOSITORIES</c> answers, whatever <c>LIMIT</c> says.</summary>
    public const int MaxShowRows = 10_000;

    private static readonly SqlColumn[] RepositoryColumns =
    [
        SqlColumn.Timestamp("created_on"),
        SqlColumn.Text("name"),
        SqlColumn.Text("database_name"),
        SqlColumn.Text("schema_name"),
        SqlColumn.Text("repository_url"),
        SqlColumn.Text("owner"),
        SqlColumn.Text("owner_role_type"),
        SqlColumn.Text("comment"),
        SqlColumn.Text("encryption"),
    ];

    private static readonly SqlColumn[] ImageColumns =
    [
        SqlColumn.Timestamp("created_on"),
        SqlColumn.Text("image_name"),
        SqlColumn.Text("tags"),
        SqlColumn.Text("digest"),
        SqlColumn.Text("image_path"),
    ];

    /// <summary>
    /// The repositories in scope that the effective roles hold any privilege on (every one with MANAGE
    /// GRANTS), by name, then database and schema; <c>LIKE</c> is case-insensitive, <c>STARTS WITH</c> and
    /// <c>FROM</c> are case-sensitive, and <c>FROM</c> starts at the first name at or after its string.
    /// </summary>
    private static async Task<SqlResult<StatementOutcome>> ShowRepositoriesAsync(
        ShowSchemaObjects statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<RepositoryScope> scope = await ResolveScopeAsync(context, statement.In, cancellationToken);
        if (!scope.IsSuccess)
        {
            return scope.Error;
        }

        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        Visibility visible = await context.Authorizer.GetVisibilityAsync(roles.Effective, SecurableType.ImageRepository, cancellationToken);
        IReadOnlyList<RepositoryRecord> repositories = await context.Store.ListImageRepositoriesAsync(context.AccountId, scope.Value, cancellationToken);
        string host = context.Services.Options.AccountHost(context.Session.AccountName);
        IReadOnlyList<string?>[] rows =
        [
            .. repositories
                .Where(repository => visible.CanSee(repository.Id)
                    && SqlFormat.Like(repository.Key.Repository, statement.Like)
                    && (statement.StartsWith is null || repository.Key.Repository.StartsWith(statement.StartsWith, StringComparison.Ordinal))
                    && (statement.Limit?.From is not { } from || string.CompareOrdinal(repository.Key.Repository, from) >= 0))
                .OrderBy(repository => repository.Key.Repository, StringComparer.Ordinal)
                .ThenBy(repository => repository.Key.Database, StringComparer.Ordinal)
                .ThenBy(repository => repository.Key.Schema, StringComparer.Ordinal)
                .Take(Math.Min(statement.Limit?.Rows ?? MaxShowRows, MaxShowRows))
                .Select(repository => RepositoryRow(repository, host)),
        ];
        return new StatementOutcome(new SqlStatementResult(RepositoryColumns, rows), context.Session);
    }

    private static string?[] RepositoryRow(RepositoryRecord repository, string host) =>
    [
        SqlFormat.Timestamp(repository.CreatedOn),
        repository.Key.Repository,
        repository.Key.Database,
        repository.Key.Schema,
        host + "/" + repository.Key.ToUrlPath(),
        repository.OwnerRole,
        repository.OwnerRole is null ? null : "ROLE",
        repository.Comment,
        repository.Encryption,
    ];

    /// <summary>
    /// Snowflake's scopes: without <c>IN</c>, the current database, or the account when there is none;
    /// <c>IN DATABASE</c> and <c>IN SCHEMA</c> without a name, the current ones (no effect without a
    /// current database); a named database or schema must be visible.
    /// </summary>
    private static async ValueTask<SqlResult<RepositoryScope>> ResolveScopeAsync(
        StatementContext context, ShowScope? scope, CancellationToken cancellationToken)
    {
        switch (scope)
        {
            case AccountScope:
                return RepositoryScope.Account;
            case DatabaseScope { Database: { } database }:
                return await InDatabaseAsync(context, database.Normalized, cancellationToken);
            case SchemaScope { Schema: { } schema }:
                SqlResult<string> container = context.ResolveDatabase(schema, "SHOW IMAGE REPOSITORIES");
                return container.IsSuccess
                    ? await InSchemaAsync(context, container.Value, schema.Name.Normalized, cancellationToken)
                    : container.Error;
        }

        SqlSession session = context.Session;
        if (session.Database is null)
        {
            return RepositoryScope.Account;
        }

        return scope is SchemaScope && session.Schema is not null
            ? await InSchemaAsync(context, session.Database, session.Schema, cancellationToken)
            : await InDatabaseAsync(context, session.Database, cancellationToken);
    }

    private static async ValueTask<SqlResult<RepositoryScope>> InDatabaseAsync(
        StatementContext context, string database, CancellationToken cancellationToken)
    {
        SqlResult<DatabaseRecord> found = await context.FindDatabaseAsync(database, cancellationToken);
        return found.IsSuccess ? RepositoryScope.InDatabase(found.Value.Name) : found.Error;
    }

    private static async ValueTask<SqlResult<RepositoryScope>> InSchemaAsync(
        StatementContext context, string database, string schema, CancellationToken cancellationToken)
    {
        SqlResult<SchemaRecord> found = await context.FindSchemaAsync(database, schema, ContainerAccess.Visible, cancellationToken);
        return found.IsSuccess ? RepositoryScope.InSchema(found.Value.Database, found.Value.Name) : found.Error;
    }

    /// <summary>
    /// One row per tag and one per untagged manifest, for a session that may pull from the repository
    /// (READ, WRITE or OWNERSHIP — SERVICE READ or SERVICE WRITE too for a service user — with USAGE
    /// on its database and schema unless owner or ACCOUNTADMIN: the registry's rule).
    /// </summary>
    private static async Task<SqlResult<StatementOutcome>> ShowImagesAsync(
        ShowImages statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<RepositoryRecord> found = await FindNamedAsync(
            context, statement.Repository, "SHOW IMAGES", ContainerAccess.Visible, cancellationToken);
        if (!found.IsSuccess)
        {
            return found.Error;
        }

        RepositoryRecord repository = found.Value;
        if (!await MayPullAsync(context, repository, cancellationToken))
        {
            return SqlErrors.NotAllowed("image repository", QualifiedName(repository.Key));
        }

        IReadOnlyList<TaggedImage> images = await context.Services.Manifests.ListTaggedImagesAsync(repository.Id, cancellationToken);
        string path = repository.Key.ToUrlPath();
        IReadOnlyList<string?>[] rows =
        [
            .. images
                .Where(image => SqlFormat.Like(image.Image, statement.Like))
                .Select(image => new[]
                {
                    SqlFormat.Timestamp(image.CreatedOn),
                    image.Image,
                    image.Tag ?? string.Empty,
                    image.Digest.ToString(),
                    path + "/" + image.Image + (image.Tag is null ? "@" + image.Digest : ":" + image.Tag),
                }),
        ];
        return new StatementOutcome(new SqlStatementResult(ImageColumns, rows), context.Session);
    }

    private static async ValueTask<bool> MayPullAsync(StatementContext context, RepositoryRecord repository, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        SecurableObject[] path =
        [
            SecurableObject.ImageRepository(repository.Id),
            SecurableObject.Schema(repository.SchemaId!.Value),
            SecurableObject.Database(repository.DatabaseId!.Value),
        ];
        PrivilegeMap held = await context.Authorizer.GetPrivilegesAsync(roles.Effective, path, cancellationToken);
        return Authorizer.DecideRegistryActions(roles.Effective, roles.UserType, held, repository).HasFlag(RegistryActions.Pull);
    }
}
