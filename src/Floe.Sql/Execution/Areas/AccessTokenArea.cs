using System.Globalization;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Sql.Ast;
using Floe.Sql.Errors;
using Floe.Sql.Execution.Security;

namespace Floe.Sql.Execution.Areas;

/// <summary>
/// Programmatic access tokens: <c>ALTER USER [&lt;name&gt;] ADD | REMOVE PROGRAMMATIC
/// ACCESS TOKEN</c> and <c>SHOW USER PROGRAMMATIC ACCESS TOKENS</c>. Users manage their own tokens; others'
/// need OWNERSHIP of the user. The secret is answered once and only its SHA-256 hash is stored.
/// </summary>
internal sealed class AccessTokenArea : IStatementArea
{
    /// <summary>The readable start of every token secret, so that a leaked one is recognizable.</summary>
    public const string SecretPrefix = "floe-pat-";

    /// <summary>Snowflake's default lifetime of a token.</summary>
    public const int DefaultDaysToExpiry = 15;

    /// <summary>Snowflake's default maximum lifetime of a token.</summary>
    public const int MaxDaysToExpiry = 365;

    private static readonly SqlColumn[] AddedColumns = [SqlColumn.Text("token_name"), SqlColumn.Text("token_secret")];

    private static readonly SqlColumn[] ShowColumns =
    [
        SqlColumn.Text("name"), SqlColumn.Text("user_name"), SqlColumn.Text("role_restriction"), SqlColumn.Timestamp("expires_at"),
        SqlColumn.Text("status"), SqlColumn.Text("comment"), SqlColumn.Timestamp("created_on"),
    ];

    public void Register(HandlerTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.On<AddProgrammaticAccessToken>(AddAsync)
            .On<RemoveProgrammaticAccessToken>(RemoveAsync)
            .On<ShowProgrammaticAccessTokens>(ShowAsync);
    }

    /// <summary><c>ALTER USER [&lt;name&gt;] ADD PROGRAMMATIC ACCESS TOKEN &lt;token&gt; [ROLE_RESTRICTION] [DAYS_TO_EXPIRY] [COMMENT]</c></summary>
    private static async Task<SqlResult<StatementOutcome>> AddAsync(
        AddProgrammaticAccessToken statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<VisibleUser> user = await ManagedUserAsync(context, statement.User, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        int days = statement.DaysToExpiry ?? DefaultDaysToExpiry;
        if (days is < 1 or > MaxDaysToExpiry)
        {
            return SqlErrors.UnsupportedValue(
                days.ToString(CultureInfo.InvariantCulture), "DAYS_TO_EXPIRY", $"a number of days from 1 to {MaxDaysToExpiry}");
        }

        SqlResult<RoleRecord?> restriction = await RestrictionAsync(context, user.Value.User, statement.RoleRestriction, cancellationToken);
        if (!restriction.IsSuccess)
        {
            return restriction.Error;
        }

        string secret = SecretHasher.NewSecret(SecretPrefix);
        string name = statement.Token.Normalized;
        NewAccessToken token = new(
            context.AccountId, user.Value.User.Id, name, SecretHasher.Hash(secret), restriction.Value?.Id,
            context.Services.Time.GetUtcNow().AddDays(days), statement.Comment);
        CreateResult<AccessTokenRecord> added = await context.Store.AddAccessTokenAsync(token, cancellationToken);
        return added.Status switch
        {
            CreateStatus.Created or CreateStatus.Replaced =>
                new StatementOutcome(new SqlStatementResult(AddedColumns, [[name, secret]]), context.Session),
            CreateStatus.AlreadyExists => SqlErrors.Exists(name),
            _ => SecurityText.NotFound(ObjectKind.User, SecurityText.Part(user.Value.User.Name)),
        };
    }

    /// <summary>
    /// The role of <c>ROLE_RESTRICTION = '&lt;role&gt;'</c> (written as an identifier inside the string:
    /// <c>'analyst'</c> is ANALYST, <c>'"Mixed"'</c> is Mixed), which must be granted to the user.
    /// </summary>
    private static async Task<SqlResult<RoleRecord?>> RestrictionAsync(
        StatementContext context, UserRecord user, string? restriction, CancellationToken cancellationToken)
    {
        if (restriction is null)
        {
            return SqlResult<RoleRecord?>.Ok(null);
        }

        string roleName = Identifier.TryParse(restriction, out Identifier identifier) ? identifier.Normalized : restriction;
        RoleRecord? role = await context.Store.FindRoleAsync(context.AccountId, roleName, cancellationToken);
        if (role is null)
        {
            return SecurityText.NotFound(ObjectKind.Role, SecurityText.Part(roleName));
        }

        UserRoleGraph? graph = await context.Store.LoadUserRoleGraphAsync(context.AccountId, user.Id, cancellationToken);
        bool granted = graph is not null && RoleSet.Below(graph, graph.DirectRoleIds).Contains(role.Id);
        return granted
            ? role
            : SqlErrors.UnsupportedValue(restriction, "ROLE_RESTRICTION", $"role {role.Name} is not granted to user {user.Name}");
    }

    /// <summary><c>ALTER USER [&lt;name&gt;] REMOVE PROGRAMMATIC ACCESS TOKEN &lt;token&gt;</c></summary>
    private static async Task<SqlResult<StatementOutcome>> RemoveAsync(
        RemoveProgrammaticAccessToken statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<VisibleUser> user = await ManagedUserAsync(context, statement.User, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        string name = statement.Token.Normalized;
        return await context.Store.RemoveAccessTokenAsync(context.AccountId, user.Value.User.Id, name, cancellationToken)
            ? context.Status(StatusMessages.Executed)
            : SqlErrors.NotFound("Programmatic access token", SecurityText.Part(name));
    }

    /// <summary><c>SHOW USER PROGRAMMATIC ACCESS TOKENS [FOR USER &lt;name&gt;]</c>: never a secret or a hash.</summary>
    private static async Task<SqlResult<StatementOutcome>> ShowAsync(
        ShowProgrammaticAccessTokens statement, StatementContext context, CancellationToken cancellationToken)
    {
        SqlResult<VisibleUser> user = await ManagedUserAsync(context, statement.User, cancellationToken);
        if (!user.IsSuccess)
        {
            return user.Error;
        }

        DateTimeOffset now = context.Services.Time.GetUtcNow();
        IReadOnlyList<AccessTokenRecord> tokens = await context.Store.ListAccessTokensAsync(context.AccountId, user.Value.User.Id, cancellationToken);
        List<IReadOnlyList<string?>> rows = [.. tokens.Select(token => Row(token, now))];
        return new StatementOutcome(new SqlStatementResult(ShowColumns, rows), context.Session);
    }

    private static string?[] Row(AccessTokenRecord token, DateTimeOffset now) =>
    [
        token.Name,
        token.UserName,
        token.RoleRestriction,
        SqlFormat.Timestamp(token.ExpiresOn),
        token.ExpiresOn > now ? "ACTIVE" : "EXPIRED",
        token.Comment,
        SqlFormat.Timestamp(token.CreatedOn),
    ];

    /// <summary>The named user (or the session's own) when the session may manage its tokens: itself, or its owner.</summary>
    private static async Task<SqlResult<VisibleUser>> ManagedUserAsync(StatementContext context, Identifier? name, CancellationToken cancellationToken)
    {
        SqlResult<VisibleUser> user = await VisibleUser.FindOrSelfAsync(context, name, cancellationToken);
        if (!user.IsSuccess)
        {
            return user;
        }

        SqlError? refused = user.Value.RequireManage(selfService: true);
        return refused is null ? user : refused;
    }
}
