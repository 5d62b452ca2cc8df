using Floe.Core.Metadata.ControlPlane;
using Floe.Metadata.Sqlite.Connections;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite;

/// <summary>ALTER USER ... SET / UNSET: one UPDATE whose every column keeps its value unless its change is given.</summary>
public sealed partial class SqliteMetadataStore
{
    internal static readonly SqlStatement AlterUserSql = new("""
        UPDATE users SET
            login_name        = CASE WHEN $set_login_name THEN $login_name ELSE login_name END,
            password_hash     = CASE WHEN $set_password_hash THEN $password_hash ELSE password_hash END,
            type              = CASE WHEN $set_type THEN $type ELSE type END,
            default_role      = CASE WHEN $set_default_role THEN $default_role ELSE default_role END,
            rsa_public_key    = CASE WHEN $set_rsa_public_key THEN $rsa_public_key ELSE rsa_public_key END,
            rsa_public_key_fp = CASE WHEN $set_rsa_public_key THEN $rsa_public_key_fp ELSE rsa_public_key_fp END,
            disabled          = CASE WHEN $set_disabled THEN $disabled ELSE disabled END,
            comment           = CASE WHEN $set_comment THEN $comment ELSE comment END,
            email             = CASE WHEN $set_email THEN $email ELSE email END
        WHERE id = $id AND account_id = $account_id
        """);

    internal static readonly SqlStatement DeleteUserSessionsSql = new("DELETE FROM sessions WHERE user_id = $user_id");

    /// <summary>Disabling a user also ends its sessions (it takes effect on the next request).</summary>
    public ValueTask<AlterStatus> AlterUserAsync(long accountId, long userId, UserChanges changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return WriteAsync(async (connection, _) =>
        {
            if (changes.LoginName is { } login && await LoginNameTakenAsync(connection, accountId, login.Value, userId, cancellationToken))
            {
                return AlterStatus.Conflict;
            }

            SqliteCommand alter = connection.Command(AlterUserSql)
                .With("$id", userId)
                .With("$account_id", accountId)
                .WithChange("login_name", changes.LoginName, value => value)
                .WithChange("password_hash", changes.PasswordHash, value => value)
                .WithChange("type", changes.Type, ToSql)
                .WithChange("default_role", changes.DefaultRole, value => value)
                .WithChange("rsa_public_key", changes.RsaPublicKey, value => value?.Body)
                .With("$rsa_public_key_fp", changes.RsaPublicKey?.Value?.Fingerprint)
                .WithChange("disabled", changes.Disabled, value => value)
                .WithChange("comment", changes.Comment, value => value)
                .WithChange("email", changes.Email, value => value);
            if (await alter.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return AlterStatus.NotFound;
            }

            if (changes.Disabled?.Value == true)
            {
                await connection.Command(DeleteUserSessionsSql).With("$user_id", userId).ExecuteNonQueryAsync(cancellationToken);
                await connection.Command(DeleteUserRefreshTokensSql).With("$user_id", userId).ExecuteNonQueryAsync(cancellationToken);
            }

            return AlterStatus.Altered;
        }, cancellationToken);
    }
}

/// <summary>Binds <c>$set_&lt;column&gt;</c> and <c>$&lt;column&gt;</c> for one optional change.</summary>
internal static class ChangeParameters
{
    public static SqliteCommand WithChange<T>(this SqliteCommand command, string column, Change<T>? change, Func<T, object?> toValue) => command
        .With("$set_" + column, change.HasValue)
        .With("$" + column, change is { } given ? toValue(given.Value) : null);
}
