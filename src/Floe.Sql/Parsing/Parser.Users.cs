using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>Users, their properties and their programmatic access tokens.</summary>
internal sealed partial class Parser
{
    private const string UserOwner = "USER";
    private const string TokenOwner = "PROGRAMMATIC_ACCESS_TOKEN";

    /// <summary>
    /// <c>user-properties := [PASSWORD = '&lt;pw&gt;'] [TYPE = PERSON | SERVICE] [DEFAULT_ROLE = &lt;role&gt;]
    /// [RSA_PUBLIC_KEY = '&lt;pem body&gt;'] [DISABLED = TRUE | FALSE] [COMMENT = '&lt;c&gt;'] [EMAIL = '&lt;address&gt;']</c>, in any order
    /// </summary>
    private UserProperties ParseUserProperties()
    {
        var properties = new UserProperties();
        ParseProperties(UserOwner, property =>
        {
            UserProperties? next = property switch
            {
                "PASSWORD" => properties with { Password = ParseString() },
                "TYPE" => properties with { Type = ParseKeywordValue(UserKeywords.Types, property) },
                "DEFAULT_ROLE" => properties with { DefaultRole = ParseIdentifier() },
                "RSA_PUBLIC_KEY" => properties with { RsaPublicKey = ParseString() },
                "DISABLED" => properties with { Disabled = ParseBoolean(property) },
                "COMMENT" => properties with { Comment = ParseString() },
                "EMAIL" => properties with { Email = ParseString() },
                _ => null,
            };
            properties = next ?? properties;
            return next is not null;
        });
        return properties;
    }

    /// <summary>
    /// <c>ALTER USER [IF EXISTS] &lt;name&gt; {SET user-properties | UNSET &lt;property&gt; [, ...]
    /// | SET AUTHENTICATION POLICY &lt;policy&gt; | UNSET AUTHENTICATION POLICY}</c>,
    /// or <c>ALTER USER [&lt;name&gt;] {ADD | REMOVE} ...</c> (<see cref="ParseTokenChange"/>)
    /// </summary>
    private Statement ParseAlterUser()
    {
        if (PeekTokenChange())
        {
            return ParseTokenChange(null);
        }

        bool ifExists = AcceptKeywords("IF", "EXISTS");
        Identifier name = ParseIdentifier();
        if (!ifExists && PeekTokenChange())
        {
            return ParseTokenChange(name);
        }

        bool set = AcceptKeyword("SET");
        if (!set)
        {
            ExpectKeyword("UNSET");
        }

        if (AcceptKeyword("AUTHENTICATION"))
        {
            ExpectKeyword("POLICY");
            return set
                ? new SetUserAuthenticationPolicy(ifExists, name, ParseName(ObjectKind.AuthenticationPolicy))
                : new UnsetUserAuthenticationPolicy(ifExists, name);
        }

        if (!set)
        {
            return new AlterUserUnset(ifExists, name, ParsePropertyNames());
        }

        UserProperties properties = ParseUserProperties();
        return properties.IsEmpty ? throw Unexpected(Peek()) : new AlterUserSet(ifExists, name, properties);
    }

    /// <summary><c>&lt;property&gt; [, ...]</c>: user properties, each once, answered in the grammar's order</summary>
    private ValueList<UserProperty> ParsePropertyNames()
    {
        var properties = new SortedSet<UserProperty>();
        do
        {
            Token token = ExpectWord();
            if (!UserKeywords.Properties.TryParse(token.Value, out UserProperty property))
            {
                throw Fail(SqlErrors.UnknownProperty(token.Text, UserOwner));
            }

            if (!properties.Add(property))
            {
                throw Fail(SqlErrors.DuplicateProperty(token.Value));
            }
        }
        while (Accept(TokenKind.Comma));

        return ValueList.From(properties);
    }

    private bool PeekTokenChange() =>
        (PeekKeyword("ADD") || PeekKeyword("REMOVE")) && (PeekKeyword("PROGRAMMATIC", 1) || PeekKeyword("PAT", 1));

    /// <summary>
    /// <c>{ADD | REMOVE} {PROGRAMMATIC ACCESS TOKEN | PAT} &lt;token&gt;</c>, and after <c>ADD</c>
    /// <c>[ROLE_RESTRICTION = '&lt;role&gt;'] [DAYS_TO_EXPIRY = &lt;n&gt;] [COMMENT = '&lt;c&gt;']</c>
    /// </summary>
    private Statement ParseTokenChange(Identifier? user)
    {
        bool add = Next().Value == "ADD";
        if (!AcceptKeyword("PAT"))
        {
            ExpectKeywords("PROGRAMMATIC", "ACCESS", "TOKEN");
        }

        Identifier token = ParseIdentifier();
        if (!add)
        {
            return new RemoveProgrammaticAccessToken(user, token);
        }

        var added = new AddProgrammaticAccessToken(user, token);
        ParseProperties(TokenOwner, property =>
        {
            AddProgrammaticAccessToken? next = property switch
            {
                "ROLE_RESTRICTION" => added with { RoleRestriction = ParseString() },
                "DAYS_TO_EXPIRY" => added with { DaysToExpiry = ParseInteger(property) },
                "COMMENT" => added with { Comment = ParseString() },
                _ => null,
            };
            added = next ?? added;
            return next is not null;
        });
        return added;
    }

    /// <summary><c>SHOW USER {PROGRAMMATIC ACCESS TOKENS | PATS} [FOR USER &lt;name&gt;]</c></summary>
    private ShowProgrammaticAccessTokens ParseShowTokens()
    {
        if (!AcceptKeyword("PATS"))
        {
            ExpectKeywords("PROGRAMMATIC", "ACCESS", "TOKENS");
        }

        if (!AcceptKeyword("FOR"))
        {
            return new ShowProgrammaticAccessTokens();
        }

        ExpectKeyword("USER");
        return new ShowProgrammaticAccessTokens(ParseIdentifier());
    }

    /// <summary><c>{DESCRIBE | DESC} USER &lt;name&gt;</c></summary>
    private DescribeUser ParseDescribeUser()
    {
        ExpectKeyword("USER");
        return new DescribeUser(ParseIdentifier());
    }
}
