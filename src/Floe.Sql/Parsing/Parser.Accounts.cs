using Floe.Sql.Ast;
using Floe.Sql.Errors;

namespace Floe.Sql.Parsing;

/// <summary>The organization's accounts and the account's own settings.</summary>
internal sealed partial class Parser
{
    private const string AccountOwner = "ACCOUNT";

    /// <summary>
    /// <c>CREATE ACCOUNT &lt;name&gt; ADMIN_NAME = &lt;user&gt; ADMIN_PASSWORD = '&lt;pw&gt;' [COMMENT = '&lt;c&gt;']</c>,
    /// the properties in any order; a missing <c>ADMIN_NAME</c> or <c>ADMIN_PASSWORD</c> is an error.
    /// </summary>
    private CreateAccount ParseCreateAccount()
    {
        Identifier name = ParseIdentifier();
        Identifier? adminName = null;
        string? adminPassword = null, comment = null;
        ParseProperties(AccountOwner, property =>
        {
            switch (property)
            {
                case "ADMIN_NAME": adminName = ParseIdentifier(); return true;
                case "ADMIN_PASSWORD": adminPassword = ParseString(); return true;
                case "COMMENT": comment = ParseString(); return true;
                default: return false;
            }
        });

        return new CreateAccount(
            name,
            adminName ?? throw Fail(SqlErrors.MissingProperty("ADMIN_NAME", AccountOwner)),
            adminPassword ?? throw Fail(SqlErrors.MissingProperty("ADMIN_PASSWORD", AccountOwner)),
            comment);
    }

    /// <summary><c>ALTER ACCOUNT {SET AUTHENTICATION POLICY &lt;policy&gt; | UNSET AUTHENTICATION POLICY}</c></summary>
    private Statement ParseAlterAccount()
    {
        if (AcceptKeyword("SET"))
        {
            if (AcceptKeyword("AUTHENTICATION"))
            {
                ExpectKeyword("POLICY");
                return new SetAccountAuthenticationPolicy(ParseName(ObjectKind.AuthenticationPolicy));
            }

            ParseProperties(AccountOwner, _ => false);
            throw Unexpected(Peek());
        }

        ExpectKeywords("UNSET", "AUTHENTICATION", "POLICY");
        return new UnsetAccountAuthenticationPolicy();
    }
}
