using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;

namespace Floe.Server.Authentication;

/// <summary>
/// Registry refresh tokens (<c>access_type=offline</c> and <c>grant_type=refresh_token</c>): a random secret shown once, stored as its hash, bound to the user of one account and to the
/// credential's role restriction. Dropping the user (or the role) deletes it; disabling the user deletes
/// it too, and a disabled user's token is refused anyway.
/// </summary>
internal sealed class RegistryRefreshTokens(IRefreshTokenStore store, LoginVerifier verifier, TimeProvider time, TokenOptions options)
{
    public const string TokenPrefix = "floe-refresh-";

    public async Task<string> IssueAsync(RegistryCaller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        string secret = SecretHasher.NewSecret(TokenPrefix);
        DateTimeOffset now = time.GetUtcNow();
        RefreshTokenRecord record = new(SecretHasher.Hash(secret), caller.Account.Id, caller.User.Id, caller.RoleRestrictionId, now, now + options.RefreshTokenLifetime);
        if (!await store.CreateRefreshTokenAsync(record, cancellationToken))
        {
            throw new InvalidOperationException("The refresh token's user is not one of the account's.");
        }

        return secret;
    }

    /// <summary>The caller a refresh token stands for, or the generic refusal.</summary>
    public async Task<CallerResult> RedeemAsync(AccountRecord account, string? secret, CancellationToken cancellationToken)
    {
        RefreshTokenRecord? record = string.IsNullOrEmpty(secret)
            ? null
            : await store.FindRefreshTokenAsync(account.Id, SecretHasher.Hash(secret), cancellationToken);
        UserRecord? user = record is null ? null : await verifier.FindUserByIdAsync(account, record.UserId, cancellationToken);
        return user is null
            ? new CallerResult(null, LoginOutcome.Fail(401, "invalid_grant", "The refresh token is not valid."))
            : new CallerResult(new RegistryCaller(account, user, record!.RoleRestrictionId), null);
    }
}
