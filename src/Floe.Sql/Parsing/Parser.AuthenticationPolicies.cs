using Floe.Sql.Ast;
using Floe.Sql.Lexing;

namespace Floe.Sql.Parsing;

/// <summary>Authentication policies (setting one on the account or a user is with ALTER ACCOUNT and ALTER USER).</summary>
internal sealed partial class Parser
{
    /// <summary>
    /// <c>CREATE [OR REPLACE] AUTHENTICATION POLICY [IF NOT EXISTS] &lt;name&gt;
    /// [AUTHENTICATION_METHODS = ('PASSWORD' | 'KEYPAIR' | 'PROGRAMMATIC_ACCESS_TOKEN' | 'OAUTH' [, ...])] [COMMENT = '&lt;c&gt;']</c>
    /// </summary>
    private CreateAuthenticationPolicy ParseCreateAuthenticationPolicy(bool orReplace, bool ifNotExists)
    {
        ObjectName name = ParseName(ObjectKind.AuthenticationPolicy);
        ValueList<AuthenticationMethod>? methods = null;
        string? comment = null;
        ParseProperties(ObjectKind.AuthenticationPolicy.PropertyOwnerName(), property =>
        {
            switch (property)
            {
                case "AUTHENTICATION_METHODS": methods = ParseAuthenticationMethods(); return true;
                case "COMMENT": comment = ParseString(); return true;
                default: return false;
            }
        });
        return new CreateAuthenticationPolicy(orReplace, ifNotExists, name, methods, comment);
    }

    /// <summary><c>( '&lt;method&gt;' [, ...] )</c>, in the order written</summary>
    private ValueList<AuthenticationMethod> ParseAuthenticationMethods()
    {
        Expect(TokenKind.LeftParen);
        var methods = new List<AuthenticationMethod>();
        do
        {
            methods.Add(ParseStringValue(AuthenticationMethods.Names, "AUTHENTICATION_METHODS"));
        }
        while (Accept(TokenKind.Comma));

        Expect(TokenKind.RightParen);
        return ValueList.From(methods);
    }
}
