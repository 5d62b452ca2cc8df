using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Metadata.Postgres.Connections;

namespace Floe.Metadata.Postgres;

/// <summary>The SQL side of image repositories: CREATE [OR REPLACE], SHOW with a scope, comments.</summary>
internal sealed partial class PostgresMetadataStore
{
    internal static readonly SqlStatement FindRepositoryInAccountSql = new($"{RepositorySelect} WHERE r.id = $id AND r.account_id = $account_id");

    internal static readonly SqlStatement ListRepositoriesInScopeSql = new($"""
        {RepositorySelect}
        WHERE r.account_id = $account_id
          AND ($database_name IS NULL OR r.database_name = $database_name)
          AND ($schema_name IS NULL OR r.schema_name = $schema_name)
        ORDER BY r.database_name, r.schema_name, r.name
        """);

    internal static readonly SqlStatement SetRepositoryCommentSql = new(
        "UPDATE repositories SET comment = $comment WHERE id = $id AND account_id = $account_id");

    public ValueTask<CreateResult<RepositoryRecord>> CreateImageRepositoryAsync(
        NewImageRepository repository, CreateMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return WriteAsync(async (connection, now) =>
        {
            SchemaRecord? schema = await FindSchemaByIdAsync(connection, repository.AccountId, repository.SchemaId, cancellationToken);
            if (schema is null || !await RoleInAccountAsync(connection, repository.AccountId, repository.OwnerRoleId, cancellationToken))
            {
                return CreateResult<RepositoryRecord>.Failed(CreateStatus.NotFound);
            }

            RepositoryKey key = new(schema.Database, schema.Name, repository.Name);
            RepositoryRecord? existing = await FindRepositoryAsync(connection, repository.AccountId, key, cancellationToken);
            if (existing is not null && mode == CreateMode.FailIfExists)
            {
                return new CreateResult<RepositoryRecord>(CreateStatus.AlreadyExists, existing);
            }

            if (existing is not null)
            {
                await connection.Command(DeleteRepositorySql).With("$id", existing.Id).ExecuteNonQueryAsync(cancellationToken);
            }

            NewRepository row = new(repository.AccountId, key, OwnerRole: null, repository.Comment, repository.Encryption);
            long id = await InsertRepositoryAsync(connection, row, repository.OwnerRoleId, schema.Id, now, cancellationToken)
                ?? throw new InvalidOperationException($"Repository {key} was not inserted.");
            RepositoryRecord created = await FindRepositoryByIdAsync(connection, id, cancellationToken)
                ?? throw new InvalidOperationException($"Repository {id} vanished inside its transaction.");
            return new CreateResult<RepositoryRecord>(existing is null ? CreateStatus.Created : CreateStatus.Replaced, created);
        }, cancellationToken);
    }

    public ValueTask<RepositoryRecord?> FindImageRepositoryByIdAsync(long accountId, long repositoryId, CancellationToken cancellationToken) =>
        ReadAsync(connection => connection.Command(FindRepositoryInAccountSql)
            .With("$id", repositoryId)
            .With("$account_id", accountId)
            .ReadFirstAsync(ToRepository, cancellationToken), cancellationToken);

    public ValueTask<IReadOnlyList<RepositoryRecord>> ListImageRepositoriesAsync(long accountId, RepositoryScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return ReadAsync(connection => connection.Command(ListRepositoriesInScopeSql)
            .With("$account_id", accountId)
            .With("$database_name", scope.Database)
            .With("$schema_name", scope.Schema)
            .ReadAllAsync(ToRepository, cancellationToken), cancellationToken);
    }

    public ValueTask<bool> SetRepositoryCommentAsync(long accountId, long repositoryId, string? comment, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, _) => await connection.Command(SetRepositoryCommentSql)
            .With("$id", repositoryId)
            .With("$account_id", accountId)
            .With("$comment", comment)
            .ExecuteNonQueryAsync(cancellationToken) == 1, cancellationToken);
}
