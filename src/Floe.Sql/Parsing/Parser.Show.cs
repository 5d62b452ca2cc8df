using Floe.Sql.Ast;

namespace Floe.Sql.Parsing;

/// <summary>The <c>SHOW</c> statements, and where each area's own ones are.</summary>
internal sealed partial class Parser
{
    /// <summary>
    /// <c>SHOW {ACCOUNTS | DATABASES | USERS | ROLES} [LIKE '&lt;pattern&gt;']</c>
    /// | <c>SHOW SCHEMAS ...</c> | <c>SHOW {IMAGE REPOSITORIES | AUTHENTICATION POLICIES} ...</c>
    /// | <c>SHOW IMAGES ...</c> (<see cref="ParseShowImages"/>)
    /// | <c>SHOW USER {PROGRAMMATIC ACCESS TOKENS | PATS} ...</c> (<see cref="ParseShowTokens"/>)
    /// | <c>SHOW [FUTURE] GRANTS ...</c> (<see cref="ParseShowGrants"/>)
    /// | <c>SHOW [SECURITY] INTEGRATIONS [LIKE '&lt;pattern&gt;']</c>
    /// </summary>
    private Statement ParseShow()
    {
        if (PeekKeyword("GRANTS") || PeekKeyword("FUTURE"))
        {
            return ParseShowGrants();
        }

        if (AcceptKeyword("IMAGES"))
        {
            return ParseShowImages();
        }

        if (AcceptKeyword("USER"))
        {
            return ParseShowTokens();
        }

        if (AcceptIntegrationKeyword(plural: true))
        {
            return new ShowSecurityIntegrations(ParseLike());
        }

        if (!AcceptPhrase(ObjectKinds.Plural.Entries, out ObjectKind kind))
        {
            throw Unexpected(Peek());
        }

        return kind switch
        {
            ObjectKind.Schema => ParseShowSchemas(),
            ObjectKind.ImageRepository or ObjectKind.AuthenticationPolicy => ParseShowSchemaObjects(kind),
            _ => new ShowObjects(kind, ParseLike()),
        };
    }

    /// <summary><c>SHOW SCHEMAS [LIKE '&lt;pattern&gt;'] [IN [DATABASE] &lt;db&gt;]</c></summary>
    private ShowSchemas ParseShowSchemas()
    {
        string? like = ParseLike();
        if (!AcceptKeyword("IN"))
        {
            return new ShowSchemas(like);
        }

        AcceptKeyword("DATABASE");
        return new ShowSchemas(like, ParseIdentifier());
    }

    /// <summary>
    /// <c>SHOW {IMAGE REPOSITORIES | AUTHENTICATION POLICIES} [LIKE '&lt;pattern&gt;']
    /// [IN {ACCOUNT | DATABASE [&lt;db&gt;] | SCHEMA [&lt;schema&gt;] | &lt;schema&gt;}]
    /// [STARTS WITH '&lt;prefix&gt;'] [LIMIT &lt;rows&gt; [FROM '&lt;name&gt;']]</c>
    /// </summary>
    private ShowSchemaObjects ParseShowSchemaObjects(ObjectKind kind)
    {
        string? like = ParseLike();
        ShowScope? scope = AcceptKeyword("IN") ? ParseShowScope() : null;
        string? startsWith = AcceptClause("STARTS", "WITH") ? ParseString() : null;
        ShowLimit? limit = null;
        if (AcceptKeyword("LIMIT"))
        {
            int rows = ParseInteger("LIMIT");
            limit = new ShowLimit(rows, AcceptKeyword("FROM") ? ParseString() : null);
        }

        return new ShowSchemaObjects(kind, like, scope, startsWith, limit);
    }

    /// <summary><c>ACCOUNT | DATABASE [&lt;db&gt;] | SCHEMA [&lt;schema&gt;] | &lt;schema&gt;</c></summary>
    private ShowScope ParseShowScope()
    {
        if (AcceptKeyword("ACCOUNT"))
        {
            return new AccountScope();
        }

        if (AcceptKeyword("DATABASE"))
        {
            return new DatabaseScope(PeekOptionalName() ? ParseIdentifier() : null);
        }

        if (AcceptKeyword("SCHEMA"))
        {
            return new SchemaScope(PeekOptionalName() ? ParseName(ObjectKind.Schema) : null);
        }

        return new SchemaScope(ParseName(ObjectKind.Schema));
    }
}
