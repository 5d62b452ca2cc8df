using Floe.Core.Metadata.ControlPlane;
using Floe.Sql.Ast;
using Floe.Sql.Errors;

namespace Floe.Sql.Execution.Security;

/// <summary>
/// A user the session sees — its own user, or one its roles own or hold MANAGE GRANTS over — with what
/// they may do to it. ALTER and DROP need OWNERSHIP; a user manages its own password, default role, RSA
/// key and programmatic access tokens (docs/sql-reference.md, "Users").
/// </summary>
internal sealed record VisibleUser(UserRecord User, ObjectAccess Access)
{
    public bool IsSelf => User.Id == SessionUserId;

    public bool Owns => Access.Owns;

    private long SessionUserId { get; init; }

    /// <summary>The user of that name when the session sees it; <c>null</c> when it is missing or invisible (the same answer).</summary>
    public static async ValueTask<VisibleUser?> FindAsync(StatementContext context, string name, CancellationToken cancellationToken)
    {
        UserRecord? user = await context.Store.FindUserAsync(context.AccountId, name, cancellationToken);
        return await CheckAsync(context, user, cancellationToken);
    }

    /// <summary>The session's own user (always visible to itself).</summary>
    public static async ValueTask<VisibleUser?> FindSelfAsync(StatementContext context, CancellationToken cancellationToken)
    {
        UserRecord? user = await context.Store.FindUserByIdAsync(context.AccountId, context.Session.UserId, cancellationToken);
        return await CheckAsync(context, user, cancellationToken);
    }

    /// <summary>The user named, or the session's user when <paramref name="name"/> is null; not-found error otherwise.</summary>
    public static async ValueTask<SqlResult<VisibleUser>> FindOrSelfAsync(StatementContext context, Identifier? name, CancellationToken cancellationToken)
    {
        VisibleUser? user = name is { } given
            ? await FindAsync(context, given.Normalized, cancellationToken)
            : await FindSelfAsync(context, cancellationToken);
        return user is null ? SecurityText.NotFound(ObjectKind.User, SecurityText.Part(name?.Normalized ?? context.Session.UserName)) : user;
    }

    /// <summary>Ownership, or the user itself when <paramref name="selfService"/>; otherwise 003001.</summary>
    public SqlError? RequireManage(bool selfService) =>
        Owns || (selfService && IsSelf) ? null : SecurityText.NotAllowed(ObjectKind.User, SecurityText.Part(User.Name));

    private static async ValueTask<VisibleUser?> CheckAsync(StatementContext context, UserRecord? user, CancellationToken cancellationToken)
    {
        if (user is null)
        {
            return null;
        }

        ObjectAccess access = await ObjectAccess.OfAsync(context, SecurableObject.User(user.Id), cancellationToken);
        return access.Visible ? new VisibleUser(user, access) { SessionUserId = context.Session.UserId } : null;
    }
}
