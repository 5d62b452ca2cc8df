using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using ObjectName = Floe.Sql.Ast.ObjectName;
using Privilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// Image repositories: <c>CREATE [OR REPLACE] IMAGE REPOSITORY [IF NOT EXISTS]</c>,
/// <c>ALTER IMAGE REPOSITORY ... SET | UNSET COMMENT</c>, <c>DROP IMAGE REPOSITORY</c> here;
/// <c>SHOW IMAGE REPOSITORIES</c> and <c>SHOW IMAGES</c> in <c>ImageRepositoryArea.Show.cs</c>.
/// CREATE needs USAGE on the database and schema and CREATE IMAGE REPOSITORY on the schema through the
/// primary role, which owns the new repository; DROP, ALTER and OR REPLACE need OWNERSHIP.
/// </summary>
internal sealed partial class ImageRepositoryArea : IStatementArea
{
    private const string DefaultEncryption = "SNOWFLAKE_SSE";

    public void Register(HandlerTable table) => table
        .On<CreateImageRepository>(CreateAsync)
        .On<DropObject>(ObjectKind.ImageRepository, DropAsync)
        .On<SetComment>(ObjectKind.ImageRepository, (statement, context, token) =>
            CommentAsync(context, statement.Name, statement.IfExists, statement.Comment, token))
        .On<UnsetComment>(ObjectKind.ImageRepository, (statement, context, token) =>
            CommentAsync(context, statement.Name, statement.IfExists, null, token))
        .On<ShowSchemaObjects>(ObjectKind.ImageRepository, ShowRepositoriesAsync)
        .On<ShowImages>(ShowImagesAsync);

    /// <summary>OR REPLACE swaps the repository atomically: the old one's images go, the new one is empty.</summary>
    private static async Task<SqlResult<StatementOutcome>> CreateAsync(
        CreateImageRepository statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<RepositoryKey> key = context.ResolveRepository(statement.Name, "CREATE IMAGE REPOSITORY");
        if (!key.IsSuccess)
        {
            return key.Error;
        }

        SqlResult<(SchemaRecord Schema, RoleNode Creator)> allowed = await AuthorizeCreateAsync(context, key.Value, cancellationToken);
        if (!allowed.IsSuccess)
        {
            return allowed.Error;
        }

        string display = SqlNames.Display(key.Value.Repository);
        RepositoryRecord? existing = await context.Services.Repositories.FindRepositoryAsync(context.AccountId, key.Value, cancellationToken);
        if (existing is not null)
        {
            if (!statement.OrReplace)
            {
                return statement.IfNotExists ? context.Status(StatusMessages.AlreadyExists(display)) : SqlErrors.Exists(display);
            }

            if (!await context.OwnsAsync(SecurableObject.ImageRepository(existing.Id), cancellationToken))
            {
                return SqlErrors.NotAllowed("image repository", QualifiedName(key.Value));
            }
        }

        (SchemaRecord schema, RoleNode creator) = allowed.Value;
        CreateResult<RepositoryRecord> created = await context.Store.CreateImageRepositoryAsync(
            new NewImageRepository(
                context.AccountId, schema.Id, key.Value.Repository, creator.Id, statement.Comment,
                statement.Encryption?.ToSql() ?? DefaultEncryption),
            statement.OrReplace ? CreateMode.OrReplace : CreateMode.FailIfExists,
            cancellationToken);
        return created.Status switch
        {
            CreateStatus.Created or CreateStatus.Replaced => context.Status(StatusMessages.Created(ObjectKind.ImageRepository, display)),
            CreateStatus.AlreadyExists when statement.IfNotExists => context.Status(StatusMessages.AlreadyExists(display)),
            CreateStatus.AlreadyExists => SqlErrors.Exists(display),
            _ => SqlErrors.NotFound("Schema", SqlNames.Display(key.Value.Database, key.Value.Schema)),
        };
    }

    /// <summary>
    /// USAGE on the database and the schema (effective roles; without it they "do not exist or are not
    /// authorized"), then CREATE IMAGE REPOSITORY on the schema through the primary role, which will own the repository.
    /// </summary>
    private static async ValueTask<SqlResult<(SchemaRecord Schema, RoleNode Creator)>> AuthorizeCreateAsync(
        StatementContext context, RepositoryKey key, CancellationToken cancellationToken)
    {
        SqlResult<SchemaRecord> schema = await context.FindContainerAsync(key.Database, key.Schema, ContainerAccess.Usage, cancellationToken);
        if (!schema.IsSuccess)
        {
            return schema.Error;
        }

        RoleNode? creator = await context.CreatorAsync(SecurableObject.Schema(schema.Value.Id), Privilege.CreateImageRepository, cancellationToken);
        return creator is null ? SqlErrors.NotAllowed("schema", SqlNames.Display(key.Database, key.Schema)) : (schema.Value, creator);
    }

    /// <summary>Removes the repository and all its images at once (their blobs go to garbage collection).</summary>
    private static async Task<SqlResult<StatementOutcome>> DropAsync(
        DropObject statement, StatementContext context, CancellationToken cancellationToken)
    {
        string display = SqlNames.Display(statement.Name.Name.Normalized);
        SqlResult<RepositoryRecord> repository = await FindNamedAsync(
            context, statement.Name, "DROP IMAGE REPOSITORY", ContainerAccess.Usage, cancellationToken);
        if (!repository.IsSuccess)
        {
            return context.Missing(repository.Error, statement.IfExists, StatusMessages.AlreadyDropped(display));
        }

        if (!await context.OwnsAsync(SecurableObject.ImageRepository(repository.Value.Id), cancellationToken))
        {
            return SqlErrors.NotAllowed("image repository", QualifiedName(repository.Value.Key));
        }

        return await context.Services.Repositories.DropRepositoryAsync(repository.Value.Id, cancellationToken)
            ? context.Status(StatusMessages.Dropped(display))
            : context.Missing(
                SqlErrors.NotFound("Image Repository", QualifiedName(repository.Value.Key)), statement.IfExists, StatusMessages.AlreadyDropped(display));
    }

    /// <summary><c>ALTER IMAGE REPOSITORY ... SET COMMENT</c> (or <c>UNSET COMMENT</c>, <paramref name="comment"/> null): OWNERSHIP needed.</summary>
    private static async Task<SqlResult<StatementOutcome>> CommentAsync(
        StatementContext context, ObjectName name, bool ifExists, string? comment, CancellationToken cancellationToken)
    {
        SqlResult<RepositoryRecord> repository = await FindNamedAsync(
            context, name, "ALTER IMAGE REPOSITORY", ContainerAccess.Usage, cancellationToken);
        if (!repository.IsSuccess)
        {
            return context.Missing(repository.Error, ifExists, StatusMessages.Executed);
        }

        string qualified = QualifiedName(repository.Value.Key);
        if (!await context.OwnsAsync(SecurableObject.ImageRepository(repository.Value.Id), cancellationToken))
        {
            return SqlErrors.NotAllowed("image repository", qualified);
        }

        return await context.Store.SetRepositoryCommentAsync(context.AccountId, repository.Value.Id, comment, cancellationToken)
            ? context.Status(StatusMessages.Executed)
            : context.Missing(SqlErrors.NotFound("Image Repository", qualified), ifExists, StatusMessages.Executed);
    }

    /// <summary>The visible repository that <paramref name="name"/> (completed from the session) names.</summary>
    private static async ValueTask<SqlResult<RepositoryRecord>> FindNamedAsync(
        StatementContext context, ObjectName name, string statement, ContainerAccess access, CancellationToken cancellationToken)
    {
        SqlResult<RepositoryKey> key = context.ResolveRepository(name, statement);
        return key.IsSuccess ? await context.FindRepositoryAsync(key.Value, access, cancellationToken) : key.Error;
    }

    private static string QualifiedName(RepositoryKey key) => SqlNames.Display(key.Database, key.Schema, key.Repository);
}
