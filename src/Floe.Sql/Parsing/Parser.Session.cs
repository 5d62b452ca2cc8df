using Floe.Sql.Ast;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>The session: its role, database and schema, and the functions that tell them.</summary>
internal sealed partial class Parser
{
    /// <summary>
    /// <c>USE ROLE &lt;role&gt;</c> | <c>USE SECONDARY ROLES {ALL | NONE}</c>
    /// | <c>USE SCHEMA [&lt;db&gt;.]&lt;schema&gt;</c> | <c>USE [DATABASE] &lt;db&gt;</c>
    /// </summary>
    private Statement ParseUse()
    {
        if (PeekKeyword("ROLE") && IsIdentifier(Peek(1)))
        {
            _index++;
            return new UseRole(ParseIdentifier());
        }

        if (AcceptKeywords("SECONDARY", "ROLES"))
        {
            return AcceptKeyword("ALL") ? new UseSecondaryRoles(SecondaryRoles.All)
                : AcceptKeyword("NONE") ? new UseSecondaryRoles(SecondaryRoles.None)
                : throw Unexpected(Peek());
        }

        if (AcceptKeyword("SCHEMA"))
        {
            return new UseSchema(ParseName(ObjectKind.Schema));
        }

        AcceptKeyword("DATABASE");
        return new UseDatabase(ParseIdentifier());
    }

    /// <summary>
    /// <c>SELECT * FROM TABLE(...)</c> (<see cref="ParseSelectHistory"/>), or
    /// <c>SELECT function() [, ...]</c> where <c>function := CURRENT_USER | CURRENT_ROLE | CURRENT_ACCOUNT
    /// | CURRENT_DATABASE | CURRENT_SCHEMA | CURRENT_REGISTRY_HOST</c>, any of them, in any order
    /// </summary>
    private Statement ParseSelect()
    {
        if (Peek().Kind == TokenKind.Star)
        {
            return ParseSelectHistory();
        }

        var functions = new List<ContextFunction>();
        do
        {
            Token name = ExpectWord();
            if (!ContextFunctions.Names.TryParse(name.Value, out ContextFunction function))
            {
                throw Unexpected(name);
            }

            Expect(TokenKind.LeftParen);
            Expect(TokenKind.RightParen);
            functions.Add(function);
        }
        while (Accept(TokenKind.Comma));

        return new SelectContextFunctions(ValueList.From(functions));
    }
}
