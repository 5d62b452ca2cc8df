namespace Floe.Core.Metadata.ControlPlane;

/// <summary>
/// A registry refresh token (<c>access_type=offline</c>): only its hash is stored, bound
/// to the user of one account and, for a restricted credential, to a role. It dies with its user, and
/// when the user is disabled.
/// </summary>
public sealed record RefreshTokenRecord(string TokenHash, long AccountId, long UserId, long? RoleRestrictionId, DateTimeOffset CreatedOn, DateTimeOffset ExpiresOn);

/// <summary>Registry refresh tokens.</summary>
public interface IRefreshTokenStore
{
    /// <summary>Stores the token; <c>false</c> when the user is not one of the account's.</summary>
    ValueTask<bool> CreateRefreshTokenAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    /// <summary>The token of that hash in the account, when it has not expired.</summary>
    ValueTask<RefreshTokenRecord?> FindRefreshTokenAsync(long accountId, string tokenHash, CancellationToken cancellationToken);
}
