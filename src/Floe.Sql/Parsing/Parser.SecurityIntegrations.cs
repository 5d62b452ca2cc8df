using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>Security integrations (External OAuth): account-level objects, so their names have one part.</summary>
internal sealed partial class Parser
{
    private const string IntegrationOwner = "SECURITY_INTEGRATION";

    /// <summary>The properties CREATE must be given (<c>EXTERNAL_OAUTH_JWS_KEYS_URL</c> is how Floe gets the provider's keys).</summary>
    private static readonly SecurityIntegrationProperty[] RequiredIntegrationProperties =
    [
        SecurityIntegrationProperty.Type, SecurityIntegrationProperty.Enabled, SecurityIntegrationProperty.ExternalOAuthType,
        SecurityIntegrationProperty.Issuer, SecurityIntegrationProperty.JwsKeysUrl, SecurityIntegrationProperty.TokenUserMappingClaim,
        SecurityIntegrationProperty.UserMappingAttribute,
    ];

    /// <summary>The properties UNSET may take back to their defaults; the others are required.</summary>
    private static readonly SecurityIntegrationProperty[] UnsettableIntegrationProperties =
    [
        SecurityIntegrationProperty.Enabled, SecurityIntegrationProperty.AudienceList, SecurityIntegrationProperty.AnyRoleMode,
        SecurityIntegrationProperty.ConsoleClientId, SecurityIntegrationProperty.ConsoleScope, SecurityIntegrationProperty.Comment,
    ];

    /// <summary><c>[SECURITY] INTEGRATION</c> (after CREATE only the full form: <c>CREATE INTEGRATION</c> makes other kinds in Snowflake)</summary>
    private bool AcceptIntegrationKeyword(bool plural, bool securityRequired = false)
    {
        string noun = plural ? "INTEGRATIONS" : "INTEGRATION";
        if (PeekKeyword("SECURITY") && PeekKeyword(noun, 1))
        {
            ExpectKeywords("SECURITY", noun);
            return true;
        }

        return !securityRequired && AcceptKeyword(noun);
    }

    /// <summary>
    /// <c>CREATE [OR REPLACE] SECURITY INTEGRATION [IF NOT EXISTS] &lt;name&gt; TYPE = EXTERNAL_OAUTH ENABLED = TRUE | FALSE
    /// EXTERNAL_OAUTH_TYPE = ... EXTERNAL_OAUTH_ISSUER = '&lt;iss&gt;' EXTERNAL_OAUTH_JWS_KEYS_URL = '&lt;url&gt;'
    /// EXTERNAL_OAUTH_TOKEN_USER_MAPPING_CLAIM = ... EXTERNAL_OAUTH_SNOWFLAKE_USER_MAPPING_ATTRIBUTE = ... [optional properties]</c>
    /// (<see cref="SecurityIntegrationProperties"/>)
    /// </summary>
    private CreateSecurityIntegration ParseCreateSecurityIntegration(bool orReplace)
    {
        bool ifNotExists = AcceptIfNotExists(orReplace);
        Identifier name = ParseIdentifier();
        SecurityIntegrationProperties properties = ParseIntegrationProperties(allowType: true, out HashSet<SecurityIntegrationProperty> given);
        foreach (SecurityIntegrationProperty required in RequiredIntegrationProperties)
        {
            if (!given.Contains(required))
            {
                throw Fail(SqlErrors.MissingProperty(required.ToSql(), IntegrationOwner));
            }
        }

        return new CreateSecurityIntegration(orReplace, ifNotExists, name, properties);
    }

    /// <summary>
    /// <c>ALTER [SECURITY] INTEGRATION [IF EXISTS] &lt;name&gt; {SET &lt;properties&gt; | UNSET &lt;property&gt; [, ...]}</c>
    /// </summary>
    private Statement ParseAlterSecurityIntegration()
    {
        bool ifExists = AcceptKeywords("IF", "EXISTS");
        Identifier name = ParseIdentifier();
        if (AcceptKeyword("SET"))
        {
            SecurityIntegrationProperties properties = ParseIntegrationProperties(allowType: false, out _);
            return properties.IsEmpty ? throw Unexpected(Peek()) : new AlterSecurityIntegrationSet(ifExists, name, properties);
        }

        ExpectKeyword("UNSET");
        var unset = new SortedSet<SecurityIntegrationProperty>();
        do
        {
            Token token = ExpectWord();
            if (!SecurityIntegrationKeywords.Properties.TryParse(token.Value, out SecurityIntegrationProperty property))
            {
                throw Fail(SqlErrors.UnknownProperty(token.Text, IntegrationOwner));
            }

            if (!UnsettableIntegrationProperties.Contains(property))
            {
                throw Fail(SqlErrors.RequiredPropertyUnset(token.Value, IntegrationOwner));
            }

            if (!unset.Add(property))
            {
                throw Fail(SqlErrors.DuplicateProperty(token.Value));
            }
        }
        while (Accept(TokenKind.Comma));

        return new AlterSecurityIntegrationUnset(ifExists, name, ValueList.From(unset));
    }

    /// <summary>The properties of <see cref="SecurityIntegrationProperties"/>, in any order, each once.</summary>
    private SecurityIntegrationProperties ParseIntegrationProperties(bool allowType, out HashSet<SecurityIntegrationProperty> given)
    {
        var properties = new SecurityIntegrationProperties();
        var seen = new HashSet<SecurityIntegrationProperty>();
        ParseProperties(IntegrationOwner, name =>
        {
            if (!SecurityIntegrationKeywords.Properties.TryParse(name, out SecurityIntegrationProperty property)
                || (property == SecurityIntegrationProperty.Type && !allowType))
            {
                return false;
            }

            seen.Add(property);
            properties = property switch
            {
                SecurityIntegrationProperty.Type => properties with { ExternalOAuth = ParseIntegrationType() },
                SecurityIntegrationProperty.Enabled => properties with { Enabled = ParseBoolean(name) },
                SecurityIntegrationProperty.ExternalOAuthType =>
                    properties with { OAuthType = ParseKeywordValue(SecurityIntegrationKeywords.OAuthTypes, name) },
                SecurityIntegrationProperty.Issuer => properties with { Issuer = ParseString() },
                SecurityIntegrationProperty.JwsKeysUrl => properties with { JwsKeysUrl = ParseString() },
                SecurityIntegrationProperty.AudienceList => properties with { AudienceList = ParseStringOrList() },
                SecurityIntegrationProperty.TokenUserMappingClaim => properties with { UserMappingClaims = ParseStringOrList() },
                SecurityIntegrationProperty.UserMappingAttribute =>
                    properties with { MappingAttribute = ParseStringValue(SecurityIntegrationKeywords.MappingAttributes, name) },
                SecurityIntegrationProperty.AnyRoleMode => properties with { AnyRoleMode = ParseWordOrString(SecurityIntegrationKeywords.AnyRoleModes, name) },
                SecurityIntegrationProperty.ConsoleClientId => properties with { ConsoleClientId = ParseString() },
                SecurityIntegrationProperty.ConsoleScope => properties with { ConsoleScope = ParseString() },
                _ => properties with { Comment = ParseString() },
            };
            return true;
        });
        given = seen;
        return properties;
    }

    /// <summary><c>EXTERNAL_OAUTH</c>: the one type Floe has; another known type is a value Floe does not support.</summary>
    private bool ParseIntegrationType()
    {
        Token token = ExpectWord();
        return token.Value == SecurityIntegrationKeywords.ExternalOAuth
            ? true
            : throw Fail(SqlErrors.UnsupportedValue(token.Text, "TYPE", "Floe's security integrations are of TYPE = EXTERNAL_OAUTH"));
    }

    /// <summary><c>'&lt;s&gt;' | ( '&lt;s&gt;' [, ...] )</c>, in the order written.</summary>
    private ValueList<string> ParseStringOrList()
    {
        if (!Accept(TokenKind.LeftParen))
        {
            return ValueList.Create<string>([ParseString()]);
        }

        var items = new List<string>();
        do
        {
            items.Add(ParseString());
        }
        while (Accept(TokenKind.Comma));

        Expect(TokenKind.RightParen);
        return ValueList.From(items);
    }

    /// <summary>A keyword among the values, bare or quoted (<c>ENABLE</c> or <c>'ENABLE'</c>).</summary>
    private T ParseWordOrString<T>(KeywordMap<T> values, string property)
        where T : struct, Enum =>
        Peek().Kind == TokenKind.String ? ParseStringValue(values, property) : ParseKeywordValue(values, property);

    /// <summary><c>{DESCRIBE | DESC} [SECURITY] INTEGRATION &lt;name&gt;</c> or <c>{DESCRIBE | DESC} USER ...</c></summary>
    private Statement ParseDescribe() =>
        AcceptIntegrationKeyword(plural: false) ? new DescribeSecurityIntegration(ParseIdentifier()) : ParseDescribeUser();

    /// <summary><c>DROP [SECURITY] INTEGRATION [IF EXISTS] &lt;name&gt;</c></summary>
    private DropSecurityIntegration ParseDropSecurityIntegration()
    {
        bool ifExists = AcceptKeywords("IF", "EXISTS");
        return new DropSecurityIntegration(ifExists, ParseIdentifier());
    }
}
