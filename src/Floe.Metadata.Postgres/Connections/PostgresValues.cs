using Floe.Core.Content;
using Npgsql;
using NpgsqlTypes;

namespace Floe.Metadata.Postgres.Connections;

/// <summary>
/// How values cross into and out of PostgreSQL: typed parameters (a NULL still has a type, so
/// <c>$x IS NULL OR col = $x</c> plans), flags as 0/1 <c>bigint</c>, timestamps as Unix
/// milliseconds, digests as text — the same representation as the SQLite store.
/// </summary>
internal static class PostgresValues
{
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, string? value) =>
        command.With(name, NpgsqlDbType.Text, value);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, long? value) =>
        command.With(name, NpgsqlDbType.Bigint, value);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, bool value) =>
        command.With(name, NpgsqlDbType.Bigint, value ? 1L : 0L);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, byte[] value) =>
        command.With(name, NpgsqlDbType.Bytea, value);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, long[] values) =>
        command.With(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint, values);

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, string[] values) =>
        command.With(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values);

    /// <summary>A value whose type is known only at run time (an optional change of any column type).</summary>
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value) => value switch
    {
        null => command.With(name, NpgsqlDbType.Unknown, null),
        string text => command.With(name, text),
        long number => command.With(name, number),
        int number => command.With(name, (long)number),
        bool flag => command.With(name, flag),
        byte[] bytes => command.With(name, bytes),
        _ => throw new ArgumentException($"No PostgreSQL mapping for {value.GetType()}.", nameof(value)),
    };

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, Digest digest) =>
        command.With(name, digest.ToString());

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset timestamp) =>
        command.With(name, ToUnixMilliseconds(timestamp));

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, DateTimeOffset? timestamp) =>
        command.With(name, timestamp is null ? null : ToUnixMilliseconds(timestamp.Value));

    public static long ToUnixMilliseconds(DateTimeOffset timestamp) => timestamp.ToUnixTimeMilliseconds();

    public static DateTimeOffset GetTimestamp(this NpgsqlDataReader reader, int ordinal) =>
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    public static DateTimeOffset? GetNullableTimestamp(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetTimestamp(ordinal);

    public static string? GetNullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Digest GetDigest(this NpgsqlDataReader reader, int ordinal) => Digest.Parse(reader.GetString(ordinal));

    public static Digest? GetNullableDigest(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetDigest(ordinal);

    private static NpgsqlCommand With(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        NpgsqlParameter parameter = type == NpgsqlDbType.Unknown ? new(name.TrimStart('$'), DBNull.Value) : new(name.TrimStart('$'), type) { Value = value ?? DBNull.Value };
        command.Parameters.Add(parameter);
        return command;
    }
}
