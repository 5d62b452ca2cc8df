using Npgsql;

namespace Floe.Metadata.Postgres.Connections;

/// <summary>Reading results of a command: every row, the first row, one flag, one id.</summary>
internal static class PostgresReads
{
    public static async ValueTask<IReadOnlyList<T>> ReadAllAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<T> rows = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static async ValueTask<T?> ReadFirstAsync<T>(this NpgsqlCommand command, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        await using NpgsqlDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }

    /// <summary>For <c>SELECT EXISTS (...)</c> (a boolean) and other 0/1 scalars.</summary>
    public static async ValueTask<bool> ReadFlagAsync(this NpgsqlCommand command, CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken) switch
        {
            bool flag => flag,
            long value => value != 0,
            int value => value != 0,
            _ => false,
        };

    /// <summary>The first column of the first row as an id, or <c>null</c> when there is no row.</summary>
    public static async ValueTask<long?> ReadIdAsync(this NpgsqlCommand command, CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken) switch
        {
            long id => id,
            int id => id,
            _ => null,
        };

    public static long? GetNullableInt64(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    /// <summary>A 0/1 column or a boolean expression such as <c>EXISTS (...)</c>.</summary>
    public static bool GetFlag(this NpgsqlDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(bool) ? reader.GetBoolean(ordinal) : reader.GetInt64(ordinal) != 0;
}
