using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// <c>SHOW USERS [LIKE]</c> and <c>DESCRIBE USER</c>. A session sees its own user and
/// the users its roles own; MANAGE GRANTS sees them all. Neither ever shows a password or its hash.
/// </summary>
internal sealed class UserListingArea : IStatementArea
{
    private static readonly SqlColumn[] UserColumns =
    [
        SqlColumn.Text("name"), SqlColumn.Timestamp("created_on"), SqlColumn.Text("login_name"), SqlColumn.Text("type"),
        SqlColumn.Boolean("disabled"), SqlColumn.Text("default_role"), SqlColumn.Boolean("has_password"),
        SqlColumn.Boolean("has_rsa_public_key"), SqlColumn.Text("comment"),
    ];

    private static readonly SqlColumn[] DescribeColumns =
        [SqlColumn.Text("property"), SqlColumn.Text("value"), SqlColumn.Text("default"), SqlColumn.Text("description")];

    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<ShowObjects>(ObjectKind.User, ShowAsync).On<DescribeUser>(DescribeAsync);
    }

    /// <summary><c>SHOW USERS [LIKE '&lt;pattern&gt;']</c>, by name.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(ShowObjects statement, StatementContext context, CancellationToken cancellationToken)
    {
        SessionRoles roles = await context.GetRolesAsync(cancellationToken);
        Visibility visible = await context.Authorizer.GetVisibilityAsync(roles.Effective, SecurableType.User, cancellationToken);
        IReadOnlyList<UserRecord> users = await context.Store.ListUsersAsync(context.AccountId, cancellationToken);
        List<IReadOnlyList<string?>> rows =
        [
            .. users
                .Where(user => (user.Id == context.Session.UserId || visible.CanSee(user.Id)) && SqlFormat.Like(user.Name, statement.Like))
                .Select(Row),
        ];
        return new StatementOutcome(new SqlStatementResult(UserColumns, rows), context.Session);
    }

    private static string?[] Row(UserRecord user) =>
    [
        user.Name,
        SqlFormat.Timestamp(user.CreatedOn),
        user.LoginName,
        user.Type.ToString().ToUpperInvariant(),
        SqlFormat.Boolean(user.Disabled),
        user.DefaultRole,
        SqlFormat.Boolean(user.PasswordHash is not null),
        SqlFormat.Boolean(user.RsaPublicKey is not null),
        user.Comment,
    ];

    /// <summary><c>DESCRIBE USER &lt;name&gt;</c>: one row per property, Snowflake's shape.</summary>
    private static async Task<SqlResult<StatementOutcome>> DescribeAsync(DescribeUser statement, StatementContext context, CancellationToken cancellationToken)
    {
        VisibleUser? found = await VisibleUser.FindAsync(context, statement.Name.Normalized, cancellationToken);
        if (found is null)
        {
            return SecurityText.NotFound(ObjectKind.User, SecurityText.Part(statement.Name.Normalized));
        }

        UserRecord user = found.User;
        string? policy = await PolicyNameAsync(context, user.AuthenticationPolicyId, cancellationToken);
        string?[][] rows =
        [
            ["NAME", user.Name, null, "Name of the user."],
            ["LOGIN_NAME", user.LoginName, null, "Name the user signs in with."],
            ["TYPE", user.Type.ToString().ToUpperInvariant(), "PERSON", "PERSON, or SERVICE for a user that cannot use a password."],
            ["DISABLED", SqlFormat.Boolean(user.Disabled), "false", "Whether the user is refused every sign-in."],
            ["DEFAULT_ROLE", user.DefaultRole, null, "Primary role of the user's new sessions."],
            ["HAS_PASSWORD", SqlFormat.Boolean(user.PasswordHash is not null), "false", "Whether a password is set (it is never shown)."],
            ["RSA_PUBLIC_KEY", user.RsaPublicKey?.Body, null, "RSA public key for key-pair authentication."],
            ["RSA_PUBLIC_KEY_FP", user.RsaPublicKey?.Fingerprint, null, "Fingerprint of the RSA public key."],
            ["COMMENT", user.Comment, null, "User comment."],
            ["EMAIL", user.Email, null, "E-mail address of the user."],
            ["AUTHENTICATION_POLICY", policy, null, "Authentication policy set on the user."],
            ["OWNER", user.Owner, null, "Role that owns the user."],
            ["CREATED_ON", SqlFormat.Timestamp(user.CreatedOn), null, "When the user was created."],
        ];
        return new StatementOutcome(new SqlStatementResult(DescribeColumns, rows), context.Session);
    }

    private static async Task<string?> PolicyNameAsync(StatementContext context, long? policyId, CancellationToken cancellationToken)
    {
        if (policyId is not long id)
        {
            return null;
        }

        AuthenticationPolicyRecord? policy = await context.Store.FindAuthenticationPolicyByIdAsync(context.AccountId, id, cancellationToken);
        return policy is null ? null : SecurityText.Qualified(policy.Database, policy.Schema, policy.Name);
    }
}
