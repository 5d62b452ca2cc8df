using Microsoft.Data.Sqlite;

namespace Floe.Metadata.Sqlite.Connections;

/// <summary>Reading results of a command: every row, the first row, one flag, one id.</summary>
internal static class SqliteReads
{
    public static async ValueTask<IReadOnlyList<T>> ReadAllAsync<T>(this SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        List<T> rows = [];
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static async ValueTask<T?> ReadFirstAsync<T>(this SqliteCommand command, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
        where T : class
    {
        using SqliteDataReader reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? map(reader) : null;
    }

    /// <summary>For <c>SELECT EXISTS (...)</c> and other 0/1 scalars.</summary>
    public static async ValueTask<bool> ReadFlagAsync(this SqliteCommand command, CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken) is long value && value != 0;

    /// <summary>The first column of the first row as an id, or <c>null</c> when there is no row.</summary>
    public static async ValueTask<long?> ReadIdAsync(this SqliteCommand command, CancellationToken cancellationToken) =>
        await command.ExecuteScalarAsync(cancellationToken) is long id ? id : null;

    public static long? GetNullableInt64(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static bool GetFlag(this SqliteDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;
}
