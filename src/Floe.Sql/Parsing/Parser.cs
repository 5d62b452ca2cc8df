using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>
/// A recursive-descent parser over the tokens of <see cref="Lexer"/>: one method per statement with
/// its grammar in its doc comment, split by area over the files <c>Parser.*.cs</c>. Grammar notation:
/// upper case is a keyword, <c>&lt;name&gt;</c> an identifier or object name, <c>'&lt;s&gt;'</c> a
/// string, <c>[x]</c> optional, <c>{x | y}</c> one of.
/// <para>
/// The first error ends the parse. It travels as a <see cref="SqlParseException"/> to
/// <see cref="ParseScript"/>, the one place that catches it and turns it back into a value: the C#
/// stand-in for the early return a result-typed parser writes after every call.
/// </para>
/// </summary>
internal sealed partial class Parser
{
    private readonly LexResult _lexed;
    private readonly List<(Token First, Token Last)> _spans = [];
    private int _index;

    public Parser(LexResult lexed) => _lexed = lexed;

    /// <summary>The first and last token of each statement <see cref="ParseScript"/> parsed, in order.</summary>
    public IReadOnlyList<(Token First, Token Last)> Spans => _spans;

    /// <summary><c>script := [statement] { ';' [statement] }</c></summary>
    public SqlResult<IReadOnlyList<Statement>> ParseScript()
    {
        var statements = new List<Statement>();
        try
        {
            while (true)
            {
                while (Accept(TokenKind.Semicolon))
                {
                }

                if (Peek().Kind == TokenKind.EndOfInput)
                {
                    return SqlResult<IReadOnlyList<Statement>>.Ok(statements);
                }

                Token first = Peek();
                statements.Add(ParseStatement());
                _spans.Add((first, _lexed.Tokens[_index - 1]));
                if (Peek().Kind != TokenKind.EndOfInput)
                {
                    Expect(TokenKind.Semicolon);
                }
            }
        }
        catch (SqlParseException exception)
        {
            return exception.Error;
        }
    }

    /// <summary>
    /// <c>statement := create | alter | drop | show | describe | grant | revoke | use | select</c>
    /// </summary>
    private Statement ParseStatement()
    {
        Token first = Next();
        return first.Kind != TokenKind.Word ? throw Unexpected(first) : first.Value switch
        {
            "CREATE" => ParseCreate(),
            "ALTER" => ParseAlter(),
            "DROP" => ParseDrop(),
            "SHOW" => ParseShow(),
            "DESCRIBE" or "DESC" => ParseDescribe(),
            "GRANT" => ParseGrant(),
            "REVOKE" => ParseRevoke(),
            "USE" => ParseUse(),
            "SELECT" => ParseSelect(),
            _ => throw Unexpected(first),
        };
    }

    /// <summary>
    /// <c>create := CREATE ACCOUNT ... | CREATE [OR REPLACE] {DATABASE | SCHEMA | IMAGE REPOSITORY | USER
    /// | ROLE | AUTHENTICATION POLICY} ... | CREATE [OR REPLACE] SECURITY INTEGRATION ...</c>
    /// </summary>
    private Statement ParseCreate()
    {
        bool orReplace = AcceptClause("OR", "REPLACE");
        if (!orReplace && AcceptKeyword("ACCOUNT"))
        {
            return ParseCreateAccount();
        }

        if (AcceptIntegrationKeyword(plural: false, securityRequired: true))
        {
            return ParseCreateSecurityIntegration(orReplace);
        }

        ObjectKind kind = ExpectKind(
            ObjectKind.Database, ObjectKind.Schema, ObjectKind.ImageRepository, ObjectKind.User, ObjectKind.Role,
            ObjectKind.AuthenticationPolicy);
        bool ifNotExists = AcceptIfNotExists(orReplace);
        return kind switch
        {
            ObjectKind.Database => new CreateDatabase(orReplace, ifNotExists, ParseIdentifier(), ParseComment(kind)),
            ObjectKind.Schema => new CreateSchema(orReplace, ifNotExists, ParseName(kind), ParseComment(kind)),
            ObjectKind.Role => new CreateRole(orReplace, ifNotExists, ParseIdentifier(), ParseComment(kind)),
            ObjectKind.ImageRepository => ParseCreateImageRepository(orReplace, ifNotExists),
            ObjectKind.User => new CreateUser(orReplace, ifNotExists, ParseIdentifier(), ParseUserProperties()),
            _ => ParseCreateAuthenticationPolicy(orReplace, ifNotExists),
        };
    }

    /// <summary>
    /// <c>alter := ALTER ACCOUNT ... | ALTER USER ... | ALTER [SECURITY] INTEGRATION ... | ALTER {DATABASE | SCHEMA | IMAGE REPOSITORY}
    /// [IF EXISTS] &lt;name&gt; {SET COMMENT = '&lt;c&gt;' | UNSET COMMENT}</c>
    /// </summary>
    private Statement ParseAlter()
    {
        if (AcceptKeyword("ACCOUNT"))
        {
            return ParseAlterAccount();
        }

        if (AcceptKeyword("USER"))
        {
            return ParseAlterUser();
        }

        if (AcceptIntegrationKeyword(plural: false))
        {
            return ParseAlterSecurityIntegration();
        }

        ObjectKind kind = ExpectKind(ObjectKind.Database, ObjectKind.Schema, ObjectKind.ImageRepository);
        bool ifExists = AcceptKeywords("IF", "EXISTS");
        ObjectName name = ParseName(kind);
        if (AcceptKeyword("SET"))
        {
            return new SetComment(kind, ifExists, name, ParseComment(kind) ?? throw Unexpected(Peek()));
        }

        ExpectKeyword("UNSET");
        Token property = ExpectWord();
        return property.Value == "COMMENT"
            ? new UnsetComment(kind, ifExists, name)
            : throw Fail(SqlErrors.UnknownProperty(property.Text, kind.PropertyOwnerName()));
    }

    /// <summary>
    /// <c>drop := DROP {ACCOUNT | DATABASE | SCHEMA | IMAGE REPOSITORY | USER | ROLE | AUTHENTICATION POLICY}
    /// [IF EXISTS] &lt;name&gt;</c>, and for a database or a schema <c>[CASCADE | RESTRICT]</c>; <c>DROP [SECURITY] INTEGRATION ...</c>
    /// </summary>
    private Statement ParseDrop()
    {
        if (AcceptIntegrationKeyword(plural: false))
        {
            return ParseDropSecurityIntegration();
        }

        ObjectKind kind = ExpectKind(Enum.GetValues<ObjectKind>());
        bool ifExists = AcceptKeywords("IF", "EXISTS");
        ObjectName name = ParseName(kind);
        DropBehavior? behavior = null;
        if (kind is ObjectKind.Database or ObjectKind.Schema)
        {
            behavior = AcceptKeyword("CASCADE") ? DropBehavior.Cascade
                : AcceptKeyword("RESTRICT") ? DropBehavior.Restrict
                : null;
        }

        return new DropObject(kind, ifExists, name, behavior);
    }

    /// <summary><c>[IF NOT EXISTS]</c>, which <c>OR REPLACE</c> excludes (a syntax error at <c>IF</c>).</summary>
    private bool AcceptIfNotExists(bool orReplace)
    {
        if (!PeekKeyword("IF") || !PeekKeyword("NOT", 1))
        {
            return false;
        }

        if (orReplace)
        {
            throw Unexpected(Peek());
        }

        ExpectKeywords("IF", "NOT", "EXISTS");
        return true;
    }
}
