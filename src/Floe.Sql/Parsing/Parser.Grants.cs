using Floe.Sql.Ast;
using Floe.Sql.Lexing;
using Privilege = Floe.Core.Metadata.ControlPlane.Privilege;
using Privileges = Floe.Core.Metadata.ControlPlane.Privileges;

namespace Floe.Sql.Parsing;

/// <summary>Roles granted to users and roles, privileges granted to roles, and ownership.</summary>
internal sealed partial class Parser
{
    /// <summary>The kinds that privileges other than <c>OWNERSHIP</c> are granted on (besides the account).</summary>
    private static readonly ObjectKind[] PrivilegeKinds = [ObjectKind.Database, ObjectKind.Schema, ObjectKind.ImageRepository];

    /// <summary>The kinds that have an owner.</summary>
    private static readonly ObjectKind[] OwnedKinds =
    [
        ObjectKind.Database, ObjectKind.Schema, ObjectKind.ImageRepository, ObjectKind.User, ObjectKind.Role,
        ObjectKind.AuthenticationPolicy,
    ];

    /// <summary>
    /// <c>GRANT ROLE &lt;role&gt; TO grantee</c>
    /// | <c>GRANT OWNERSHIP ON owned-scope TO ROLE &lt;role&gt; [{COPY | REVOKE} CURRENT GRANTS]</c>
    /// | <c>GRANT privileges ON grant-scope TO ROLE &lt;role&gt; [WITH GRANT OPTION]</c>
    /// </summary>
    private Statement ParseGrant()
    {
        if (AcceptKeyword("ROLE"))
        {
            Identifier role = ParseIdentifier();
            ExpectKeyword("TO");
            return new GrantRole(role, ParseGrantee());
        }

        if (PeekKeyword("OWNERSHIP") && PeekKeyword("ON", 1))
        {
            _index += 2;
            return ParseGrantOwnership();
        }

        (PrivilegeSet privileges, GrantScope scope) = ParsePrivilegesOn();
        ExpectKeywords("TO", "ROLE");
        Identifier grantee = ParseIdentifier();
        return new GrantPrivileges(privileges, scope, grantee, AcceptClause("WITH", "GRANT", "OPTION"));
    }

    /// <summary>owned-scope <c>TO ROLE &lt;role&gt; [{COPY | REVOKE} CURRENT GRANTS]</c>, the latter not for a future scope</summary>
    private GrantOwnership ParseGrantOwnership()
    {
        GrantScope scope = ParseGrantScope(allowAccount: false, OwnedKinds);
        ExpectKeywords("TO", "ROLE");
        Identifier role = ParseIdentifier();
        Token current = Peek();
        CurrentGrants? currentGrants = AcceptKeyword("COPY") ? CurrentGrants.Copy
            : AcceptKeyword("REVOKE") ? CurrentGrants.Revoke
            : null;
        if (currentGrants is not null)
        {
            ExpectKeywords("CURRENT", "GRANTS");
            if (scope is FutureImageRepositories)
            {
                throw Unexpected(current);
            }
        }

        return new GrantOwnership(scope, role, currentGrants);
    }

    /// <summary>
    /// <c>REVOKE ROLE &lt;role&gt; FROM grantee</c>
    /// | <c>REVOKE [GRANT OPTION FOR] privileges ON grant-scope FROM ROLE &lt;role&gt;</c>
    /// </summary>
    private Statement ParseRevoke()
    {
        if (AcceptKeyword("ROLE"))
        {
            Identifier role = ParseIdentifier();
            ExpectKeyword("FROM");
            return new RevokeRole(role, ParseGrantee());
        }

        bool grantOptionFor = AcceptClause("GRANT", "OPTION", "FOR");
        (PrivilegeSet privileges, GrantScope scope) = ParsePrivilegesOn();
        ExpectKeywords("FROM", "ROLE");
        return new RevokePrivileges(grantOptionFor, privileges, scope, ParseIdentifier());
    }

    /// <summary>
    /// <c>privileges ON grant-scope</c>, where <c>privileges := ALL [PRIVILEGES] | privilege [, ...]</c>
    /// and every privilege exists on the scope's kind (<see cref="Privileges.ApplicableTo"/>) and is not
    /// <c>OWNERSHIP</c>: another is a syntax error at that privilege.
    /// </summary>
    private (PrivilegeSet Privileges, GrantScope Scope) ParsePrivilegesOn()
    {
        var listed = new List<(Privilege Privilege, Token At)>();
        if (AcceptKeyword("ALL"))
        {
            AcceptKeyword("PRIVILEGES");
        }
        else
        {
            do
            {
                Token at = Peek();
                listed.Add(AcceptPhrase(PrivilegeKeywords.Names.Entries, out Privilege privilege) ? (privilege, at) : throw Unexpected(at));
            }
            while (Accept(TokenKind.Comma));
        }

        ExpectKeyword("ON");
        GrantScope scope = ParseGrantScope(allowAccount: true, PrivilegeKinds);
        ObjectKind kind = scope switch
        {
            AccountSecurable => ObjectKind.Account,
            ObjectSecurable securable => securable.Kind,
            _ => ObjectKind.ImageRepository,
        };
        foreach ((Privilege privilege, Token at) in listed)
        {
            if (privilege == Privilege.Ownership || !Privileges.AppliesTo(privilege, kind.ToSecurableType()))
            {
                throw Unexpected(at);
            }
        }

        return (listed.Count == 0 ? PrivilegeSet.All : PrivilegeSet.Of([.. listed.Select(entry => entry.Privilege)]), scope);
    }

    /// <summary><c>grant-scope := securable | FUTURE IMAGE REPOSITORIES IN SCHEMA &lt;schema&gt;</c></summary>
    private GrantScope ParseGrantScope(bool allowAccount, ObjectKind[] kinds)
    {
        if (AcceptKeyword("FUTURE"))
        {
            ExpectKeywords("IMAGE", "REPOSITORIES", "IN", "SCHEMA");
            return new FutureImageRepositories(ParseName(ObjectKind.Schema));
        }

        return ParseSecurable(allowAccount, kinds);
    }

    /// <summary><c>securable := ACCOUNT | &lt;kind&gt; &lt;name&gt;</c>, among the kinds allowed here</summary>
    private Securable ParseSecurable(bool allowAccount, ObjectKind[] kinds)
    {
        if (allowAccount && AcceptKeyword("ACCOUNT"))
        {
            return new AccountSecurable();
        }

        ObjectKind kind = ExpectKind(kinds);
        return new ObjectSecurable(kind, ParseName(kind));
    }

    /// <summary><c>grantee := USER &lt;user&gt; | ROLE &lt;role&gt;</c></summary>
    private Grantee ParseGrantee()
    {
        GranteeKind kind = AcceptKeyword("USER") ? GranteeKind.User
            : AcceptKeyword("ROLE") ? GranteeKind.Role
            : throw Unexpected(Peek());
        return new Grantee(kind, ParseIdentifier());
    }

    /// <summary>
    /// <c>SHOW GRANTS {ON securable | TO grantee | OF ROLE &lt;role&gt;}</c>
    /// | <c>SHOW FUTURE GRANTS IN SCHEMA &lt;schema&gt;</c> (after <c>SHOW</c>)
    /// </summary>
    private Statement ParseShowGrants()
    {
        if (AcceptKeyword("FUTURE"))
        {
            ExpectKeywords("GRANTS", "IN", "SCHEMA");
            return new ShowFutureGrants(ParseName(ObjectKind.Schema));
        }

        ExpectKeyword("GRANTS");
        if (AcceptKeyword("ON"))
        {
            return new ShowGrantsOn(ParseSecurable(allowAccount: true, OwnedKinds));
        }

        if (AcceptKeyword("TO"))
        {
            return new ShowGrantsTo(ParseGrantee());
        }

        ExpectKeywords("OF", "ROLE");
        return new ShowGrantsOfRole(ParseIdentifier());
    }
}
