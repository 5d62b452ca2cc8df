using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;
using AstGranteeKind = Floe.Sql.Ast.GranteeKind;
using CoreGranteeKind = Floe.Core.Metadata.ControlPlane.GranteeKind;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// <c>SHOW GRANTS ON &lt;object&gt;</c>, <c>SHOW GRANTS TO {ROLE | USER}</c> and <c>SHOW GRANTS OF ROLE</c>.
/// The object, role or user must be visible to the session. Role grants appear as
/// Snowflake shows them: <c>USAGE</c> on a <c>ROLE</c>; <c>SHOW GRANTS OF ROLE</c> has Snowflake's own columns.
/// </summary>
internal sealed class ShowGrantsArea : IStatementArea
{
    private static readonly SqlColumn[] GrantColumns =
    [
        SqlColumn.Timestamp("created_on"), SqlColumn.Text("privilege"), SqlColumn.Text("granted_on"), SqlColumn.Text("name"),
        SqlColumn.Text("granted_to"), SqlColumn.Text("grantee_name"), SqlColumn.Boolean("grant_option"), SqlColumn.Text("granted_by"),
    ];

    private static readonly SqlColumn[] OfRoleColumns =
    [
        SqlColumn.Timestamp("created_on"), SqlColumn.Text("role"), SqlColumn.Text("granted_to"), SqlColumn.Text("grantee_name"),
        SqlColumn.Text("granted_by"),
    ];

    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<ShowGrantsOn>(ShowOnAsync).On<ShowGrantsTo>(ShowToAsync).On<ShowGrantsOfRole>(ShowOfRoleAsync);
    }

    /// <summary><c>SHOW GRANTS ON {ACCOUNT | &lt;kind&gt; &lt;name&gt;}</c>: OWNERSHIP first, then by privilege and grantee.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowOnAsync(ShowGrantsOn statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> target =
            await SecurableTarget.FindVisibleAsync(context, statement.On, "SHOW GRANTS", cancellationToken);
        if (!target.IsSuccess)
        {
            return target.Error;
        }

        IReadOnlyList<GrantRecord> grants = await context.Store.ListGrantsOnAsync(context.AccountId, target.Value.Target.Object, cancellationToken);
        return Result(context, GrantColumns, grants.Select(PrivilegeRow));
    }

    /// <summary>
    /// <c>SHOW GRANTS TO ROLE &lt;r&gt;</c>: its privileges, then the roles granted to it;
    /// <c>SHOW GRANTS TO USER &lt;u&gt;</c>: the roles granted to the user.
    /// </summary>
    private static async Task<SqlResult<StatementOutcome>> ShowToAsync(ShowGrantsTo statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (statement.To.Kind == AstGranteeKind.User)
        {
            VisibleUser? user = await VisibleUser.FindAsync(context, statement.To.Name.Normalized, cancellationToken);
            if (user is null)
            {
                return SecurityText.NotFound(ObjectKind.User, SecurityText.Part(statement.To.Name.Normalized));
            }

            IReadOnlyList<RoleGrantRecord> roles = await context.Store.ListRolesGrantedToUserAsync(context.AccountId, user.User.Id, cancellationToken);
            return Result(context, GrantColumns, roles.Select(RoleUsageRow));
        }

        SqlResult<(SecurableTarget Target, ObjectAccess Access)> role = await SecurableTarget.FindVisibleAsync(
            context, ObjectKind.Role, Ast.ObjectName.Of(statement.To.Name), "SHOW GRANTS", cancellationToken);
        if (!role.IsSuccess)
        {
            return role.Error;
        }

        long roleId = role.Value.Target.Id;
        IReadOnlyList<GrantRecord> privileges = await context.Store.ListGrantsToRoleAsync(context.AccountId, roleId, cancellationToken);
        IReadOnlyList<RoleGrantRecord> children = await context.Store.ListRolesGrantedToRoleAsync(context.AccountId, roleId, cancellationToken);
        return Result(context, GrantColumns, privileges.Select(PrivilegeRow).Concat(children.Select(RoleUsageRow)));
    }

    /// <summary><c>SHOW GRANTS OF ROLE &lt;r&gt;</c>: the roles, then the users, holding it.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowOfRoleAsync(ShowGrantsOfRole statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<(SecurableTarget Target, ObjectAccess Access)> role = await SecurableTarget.FindVisibleAsync(
            context, ObjectKind.Role, Ast.ObjectName.Of(statement.Role), "SHOW GRANTS", cancellationToken);
        if (!role.IsSuccess)
        {
            return role.Error;
        }

        IReadOnlyList<RoleGrantRecord> holders = await context.Store.ListGrantsOfRoleAsync(context.AccountId, role.Value.Target.Id, cancellationToken);
        return Result(context, OfRoleColumns, holders.Select(grant => new[]
        {
            SqlFormat.Timestamp(grant.CreatedOn), grant.Role, GranteeType(grant.GranteeKind), grant.GranteeName, grant.GrantedBy ?? "",
        }));
    }

    private static string?[] PrivilegeRow(GrantRecord grant) =>
    [
        SqlFormat.Timestamp(grant.CreatedOn),
        grant.Privilege.ToSql(),
        grant.Object.Type.ToGrantedOn(),
        SecurityText.Qualified(grant.ObjectName),
        "ROLE",
        grant.GranteeRole,
        SqlFormat.Boolean(grant.GrantOption),
        grant.GrantedBy ?? "",
    ];

    /// <summary>A role granted to a role or user, as Snowflake lists it: USAGE on the ROLE.</summary>
    private static string?[] RoleUsageRow(RoleGrantRecord grant) =>
    [
        SqlFormat.Timestamp(grant.CreatedOn),
        "USAGE",
        "ROLE",
        SecurityText.Part(grant.Role),
        GranteeType(grant.GranteeKind),
        grant.GranteeName,
        SqlFormat.Boolean(false),
        grant.GrantedBy ?? "",
    ];

    private static string GranteeType(CoreGranteeKind kind) => kind == CoreGranteeKind.User ? "USER" : "ROLE";

    private static StatementOutcome Result(StatementContext context, SqlColumn[] columns, IEnumerable<string?[]> rows) =>
        new(new SqlStatementResult(columns, [.. rows]), context.Session);
}
