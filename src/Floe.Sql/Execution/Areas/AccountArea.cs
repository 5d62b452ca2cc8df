using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Naming;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Privilege = Floe.Core.Metadata.ControlPlane.Privilege;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// The organization's accounts: <c>CREATE ACCOUNT</c>, <c>DROP ACCOUNT</c>,
/// <c>SHOW ACCOUNTS</c>. All three are ORGADMIN's: the session must be in the organization's account and
/// its effective roles must hold CREATE ACCOUNT there — checked before anything else.
/// </summary>
internal sealed class AccountArea : IStatementArea
{
    private static readonly SqlColumn[] ShowColumns =
    [
        SqlColumn.Text("organization_name"),
        SqlColumn.Text("account_name"),
        SqlColumn.Timestamp("created_on"),
        SqlColumn.Text("comment"),
        SqlColumn.Text("account_url"),
        SqlColumn.Boolean("is_org_admin"),
    ];

    public void Register(HandlerTable table) => table
        .On<CreateAccount>(CreateAsync)
        .On<DropObject>(ObjectKind.Account, DropAsync)
        .On<ShowObjects>(ObjectKind.Account, ShowAsync);

    /// <summary>Creates and provisions the account with its admin user (password hashed here, never stored in clear).</summary>
    private static async Task<SqlResult<StatementOutcome>> CreateAsync(
        CreateAccount statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (await RequireOrgAdminAsync(context, cancellationToken) is { } refused)
        {
            return refused;
        }

        string name = statement.Name.Normalized;
        if (!IsHostFriendly(name))
        {
            return SqlErrors.InvalidValue.WithDetail(
                $"'{statement.Name.Text}' for property 'NAME': an account name is letters, digits and '_', starting with a letter and not ending with '_', because it is part of the account's host name");
        }

        if (statement.AdminPassword.Length == 0)
        {
            return SqlErrors.UnsupportedValue(string.Empty, "ADMIN_PASSWORD");
        }

        NewAccount account = new(name, statement.AdminName.Normalized, context.Services.Passwords.Hash(statement.AdminPassword))
        {
            Comment = statement.Comment,
        };
        AccountRecord? created = await context.Store.CreateAccountAsync(account, cancellationToken);
        return created is null
            ? SqlErrors.Exists(SqlNames.Display(name))
            : StatementOutcome.Status(StatusMessages.Created(ObjectKind.Account, SqlNames.Display(name)), context.Session);
    }

    /// <summary>Drops another account with everything in it; the organization's account (the session's own) stays.</summary>
    private static async Task<SqlResult<StatementOutcome>> DropAsync(
        DropObject statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (await RequireOrgAdminAsync(context, cancellationToken) is { } refused)
        {
            return refused;
        }

        string name = statement.Name.Name.Normalized;
        string display = SqlNames.Display(name);
        AccountRecord? account = await context.Services.Accounts.FindAccountAsync(name, cancellationToken);
        if (account is null)
        {
            return statement.IfExists
                ? StatementOutcome.Status(StatusMessages.AlreadyDropped(display), context.Session)
                : SqlErrors.NotFound("Account", display);
        }

        if (account.IsOrganizationAccount || account.Id == context.AccountId)
        {
            return SqlErrors.OperationRefused($"Cannot drop account '{display}': it is the organization's account, where this session runs.");
        }

        DropStatus status = await context.Store.DropAccountAsync(account.Id, cancellationToken);
        switch (status)
        {
            case DropStatus.Dropped:
                context.Services.Options.AccountDropped(name);
                return StatementOutcome.Status(StatusMessages.Dropped(display), context.Session);
            case DropStatus.NotFound:
                return statement.IfExists
                    ? StatementOutcome.Status(StatusMessages.AlreadyDropped(display), context.Session)
                    : SqlErrors.NotFound("Account", display);
            default:
                return SqlErrors.OperationRefused($"Cannot drop account '{display}': it is the organization's account.");
        }
    }

    /// <summary>Every account of the organization, by name.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(
        ShowObjects statement, StatementContext context, CancellationToken cancellationToken)
    {
        if (await RequireOrgAdminAsync(context, cancellationToken) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<AccountRecord> accounts = await context.Store.ListAccountsAsync(cancellationToken);
        SqlEngineOptions options = context.Services.Options;
        IReadOnlyList<string?>[] rows =
        [
            .. accounts.Where(account => SqlFormat.Like(account.Name, statement.Like)).Select(account => new string?[]
            {
                options.Organization,
                account.Name,
                SqlFormat.Timestamp(account.CreatedOn),
                account.Comment,
                options.AccountHost(account.Name),
                SqlFormat.Boolean(account.IsOrganizationAccount),
            }),
        ];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }

    /// <summary>ORGADMIN's check: CREATE ACCOUNT on the organization's account, held by the effective roles.</summary>
    private static async ValueTask<SqlError?> RequireOrgAdminAsync(StatementContext context, CancellationToken cancellationToken)
    {
        AccountRecord? account = await context.Store.FindAccountByIdAsync(context.AccountId, cancellationToken);
        bool allowed = account is { IsOrganizationAccount: true }
            && await context.HoldsAsync(SecurableObject.Account(context.AccountId), [Privilege.CreateAccount], cancellationToken);
        return allowed ? null : SqlErrors.NotAllowed("account", SqlNames.Display(context.Session.AccountName));
    }

    /// <summary>
    /// Upper-case letters, digits and <c>_</c>, starting with a letter and not ending with <c>_</c>: a name
    /// that maps to one valid host name label and back.
    /// </summary>
    private static bool IsHostFriendly(string name) =>
        UrlIdentifier.IsUnquotedIdentifier(name)
        && char.IsAsciiLetterUpper(name[0])
        && name[^1] != '_'
        && name.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_');
}
