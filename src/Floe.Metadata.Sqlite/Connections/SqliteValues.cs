using Floe.Core.Content;
using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>How values cross into and out of SQLite: parameters, timestamps as Unix milliseconds, digests as text.</summary>
internal static class SqliteValues
{
    /// <summary>Adds a parameter (<c>null</c> becomes SQL NULL) and returns the command, so binds chain.</summary>
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, Digest digest) =>
        command.With(name, digest.ToString());

    public static SqliteCommand With(this SqliteCommand command, string name, DateTimeOffset timestamp) =>
        command.With(name, ToUnixMilliseconds(timestamp));

    public static long ToUnixMilliseconds(DateTimeOffset timestamp) => timestamp.ToUnixTimeMilliseconds();

    public static DateTimeOffset GetTimestamp(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Digest GetDigest(this SqliteDataReader reader, int ordinal) => Digest.Parse(reader.GetString(ordinal));

    public static Digest? GetNullableDigest(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDigest(ordinal);
}
