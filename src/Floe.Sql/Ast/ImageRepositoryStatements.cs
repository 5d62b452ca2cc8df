namespace Floe.Sql.Ast;

/// <summary>How a repository's blobs are encrypted (<c>ENCRYPTION = (TYPE = '...')</c>).</summary>
public enum RepositoryEncryption
{
    /// <summary><c>SNOWFLAKE_FULL</c>: on the registry host and on the server side.</summary>
    SnowflakeFull,

    /// <summary><c>SNOWFLAKE_SSE</c>: on the server side only (Snowflake's default).</summary>
    SnowflakeSse,
}

/// <summary>The SQL spelling of <see cref="RepositoryEncryption"/>.</summary>
public static class RepositoryEncryptions
{
    internal static readonly KeywordMap<RepositoryEncryption> Names = new(
        (RepositoryEncryption.SnowflakeFull, "SNOWFLAKE_FULL"),
        (RepositoryEncryption.SnowflakeSse, "SNOWFLAKE_SSE"));

    /// <summary><c>SNOWFLAKE_FULL</c> or <c>SNOWFLAKE_SSE</c>, as the <c>encryption</c> column shows it.</summary>
    public static string ToSql(this RepositoryEncryption encryption) => Names.ToSql(encryption);
}

/// <summary>
/// <c>CREATE [OR REPLACE] IMAGE REPOSITORY [IF NOT EXISTS] &lt;name&gt;
/// [ENCRYPTION = (TYPE = 'SNOWFLAKE_FULL' | 'SNOWFLAKE_SSE')] [COMMENT = '&lt;c&gt;']</c>.
/// Every part of the name is unquoted; <see cref="Encryption"/> is null when not given.
/// </summary>
public sealed record CreateImageRepository(
    bool OrReplace,
    bool IfNotExists,
    ObjectName Name,
    RepositoryEncryption? Encryption = null,
    string? Comment = null) : Statement
{
    public override string ToSql() => SqlText.Join(
        SqlText.Create(OrReplace, ObjectKind.ImageRepository, IfNotExists, Name.ToSql()),
        Encryption is { } encryption ? $"ENCRYPTION = (TYPE = {SqlText.Literal(encryption.ToSql())})" : null,
        SqlText.Property("COMMENT", Comment));
}

/// <summary><c>SHOW IMAGES [LIKE '&lt;pattern&gt;'] IN IMAGE REPOSITORY &lt;name&gt;</c>.</summary>
public sealed record ShowImages(ObjectName Repository, string? Like = null) : Statement
{
    public override string ToSql() =>
        SqlText.Join("SHOW IMAGES", SqlText.Like(Like), "IN IMAGE REPOSITORY", Repository.ToSql());
}
