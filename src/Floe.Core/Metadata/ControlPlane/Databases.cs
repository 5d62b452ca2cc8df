namespace Floe.Core.Metadata.ControlPlane;

/// <summary>A database. <see cref="Owner"/> is the name of the role holding OWNERSHIP.</summary>
public sealed record DatabaseRecord(long Id, long AccountId, string Name, DateTimeOffset CreatedOn, string? Owner, string? Comment);

/// <summary>A schema of <see cref="DatabaseId"/>; <see cref="Database"/> is that database's name.</summary>
public sealed record SchemaRecord(
    long Id,
    long AccountId,
    long DatabaseId,
    string Database,
    string Name,
    DateTimeOffset CreatedOn,
    string? Owner,
    string? Comment);

/// <summary>A database to create, owned by <see cref="OwnerRoleId"/>; it gets schema PUBLIC with the same owner.</summary>
public sealed record NewDatabase(long AccountId, string Name, long OwnerRoleId, string? Comment = null);

/// <summary>A schema to create in <see cref="DatabaseId"/>, owned by <see cref="OwnerRoleId"/>.</summary>
public sealed record NewSchema(long AccountId, long DatabaseId, string Name, long OwnerRoleId, string? Comment = null);

/// <summary>The schema every new database gets.</summary>
public static class DefaultSchema
{
    public const string Name = "PUBLIC";
}

/// <summary>
/// A new image repository in <see cref="SchemaId"/>. It is owned by <see cref="OwnerRoleId"/> unless
/// the schema has a future OWNERSHIP grant for image repositories, whose role then owns it.
/// </summary>
public sealed record NewImageRepository(
    long AccountId,
    long SchemaId,
    string Name,
    long OwnerRoleId,
    string? Comment = null,
    string Encryption = "SNOWFLAKE_SSE");

/// <summary>
/// Which repositories <c>SHOW IMAGE REPOSITORIES ... IN</c> covers: the account, one database, or one
/// schema. LIKE, STARTS WITH and LIMIT ... FROM apply after visibility, so the SQL layer applies them
/// to the visible rows.
/// </summary>
public sealed record RepositoryScope(string? Database, string? Schema)
{
    public static RepositoryScope Account { get; } = new(null, null);

    public static RepositoryScope InDatabase(string database) => new(database, null);

    public static RepositoryScope InSchema(string database, string schema) => new(database, schema);
}
