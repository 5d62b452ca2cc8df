namespace Floe.Sql.Tests.Ast;

/// <summary>Round trips of the image repository statements.</summary>
public class ImageRepositoryStatementsTests
{
    [Theory]
    [InlineData("CREATE IMAGE REPOSITORY R")]
    [InlineData("CREATE OR REPLACE IMAGE REPOSITORY R")]
    [InlineData("CREATE IMAGE REPOSITORY IF NOT EXISTS D.S.R")]
    [InlineData("CREATE IMAGE REPOSITORY S.R ENCRYPTION = (TYPE = 'SNOWFLAKE_FULL')")]
    [InlineData("CREATE IMAGE REPOSITORY R ENCRYPTION = (TYPE = 'SNOWFLAKE_SSE') COMMENT = 'c'")]
    [InlineData("CREATE IMAGE REPOSITORY R COMMENT = 'c'")]
    [InlineData("CREATE IMAGE REPOSITORY MY$REPO_1")]
    [InlineData("ALTER IMAGE REPOSITORY R SET COMMENT = 'c'")]
    [InlineData("ALTER IMAGE REPOSITORY IF EXISTS D.S.R SET COMMENT = 'c'")]
    [InlineData("ALTER IMAGE REPOSITORY R UNSET COMMENT")]
    [InlineData("ALTER IMAGE REPOSITORY IF EXISTS R UNSET COMMENT")]
    [InlineData("DROP IMAGE REPOSITORY R")]
    [InlineData("DROP IMAGE REPOSITORY IF EXISTS D.S.R")]
    [InlineData("SHOW IMAGES IN IMAGE REPOSITORY R")]
    [InlineData("SHOW IMAGES LIKE 'app%' IN IMAGE REPOSITORY D.S.R")]
    public void ToSql_CanonicalRepositoryStatement_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);

    [Theory]
    [InlineData("SHOW IMAGE REPOSITORIES")]
    [InlineData("SHOW IMAGE REPOSITORIES LIKE 'R%'")]
    [InlineData("SHOW IMAGE REPOSITORIES IN ACCOUNT")]
    [InlineData("SHOW IMAGE REPOSITORIES IN DATABASE")]
    [InlineData("SHOW IMAGE REPOSITORIES IN DATABASE D")]
    [InlineData("SHOW IMAGE REPOSITORIES IN SCHEMA")]
    [InlineData("SHOW IMAGE REPOSITORIES IN SCHEMA S")]
    [InlineData("SHOW IMAGE REPOSITORIES IN SCHEMA D.S")]
    [InlineData("SHOW IMAGE REPOSITORIES STARTS WITH 'R'")]
    [InlineData("SHOW IMAGE REPOSITORIES LIMIT 10")]
    [InlineData("SHOW IMAGE REPOSITORIES LIMIT 10 FROM 'R'")]
    [InlineData("SHOW IMAGE REPOSITORIES IN DATABASE STARTS WITH 'R'")]
    [InlineData("SHOW IMAGE REPOSITORIES IN SCHEMA LIMIT 5")]
    [InlineData("SHOW IMAGE REPOSITORIES IN DATABASE STARTS STARTS WITH 'R'")]
    [InlineData("SHOW IMAGE REPOSITORIES IN DATABASE LIMIT LIMIT 1")]
    [InlineData("SHOW IMAGE REPOSITORIES LIKE '%' IN SCHEMA D.S STARTS WITH 'R' LIMIT 10 FROM 'R1'")]
    public void ToSql_CanonicalShowImageRepositories_PrintsTheSameText(string sql) => Parsed.AssertRoundTrip(sql);
}
