using Floe.Sql.Ast;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>Image repositories and their images.</summary>
internal sealed partial class Parser
{
    /// <summary>
    /// <c>CREATE [OR REPLACE] IMAGE REPOSITORY [IF NOT EXISTS] &lt;name&gt;
    /// [ENCRYPTION = (TYPE = 'SNOWFLAKE_FULL' | 'SNOWFLAKE_SSE')] [COMMENT = '&lt;c&gt;']</c>
    /// </summary>
    private CreateImageRepository ParseCreateImageRepository(bool orReplace, bool ifNotExists)
    {
        ObjectName name = ParseName(ObjectKind.ImageRepository);
        RepositoryEncryption? encryption = null;
        string? comment = null;
        ParseProperties(ObjectKind.ImageRepository.PropertyOwnerName(), property =>
        {
            switch (property)
            {
                case "ENCRYPTION": encryption = ParseEncryption(); return true;
                case "COMMENT": comment = ParseString(); return true;
                default: return false;
            }
        });
        return new CreateImageRepository(orReplace, ifNotExists, name, encryption, comment);
    }

    /// <summary><c>( TYPE = 'SNOWFLAKE_FULL' | 'SNOWFLAKE_SSE' )</c></summary>
    private RepositoryEncryption ParseEncryption()
    {
        Expect(TokenKind.LeftParen);
        ExpectKeyword("TYPE");
        Expect(TokenKind.Equals);
        RepositoryEncryption encryption = ParseStringValue(RepositoryEncryptions.Names, "TYPE");
        Expect(TokenKind.RightParen);
        return encryption;
    }

    /// <summary><c>SHOW IMAGES [LIKE '&lt;pattern&gt;'] IN IMAGE REPOSITORY &lt;name&gt;</c></summary>
    private ShowImages ParseShowImages()
    {
        string? like = ParseLike();
        ExpectKeywords("IN", "IMAGE", "REPOSITORY");
        return new ShowImages(ParseName(ObjectKind.ImageRepository), like);
    }
}
