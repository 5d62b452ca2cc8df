namespace Floe.Sql.Ast;

/// <summary>The SQL spelling of each value of an enum, both ways: one table for the parser and the printer.</summary>
internal sealed class KeywordMap<T>
    where T : struct, Enum
{
    private readonly (T Value, string Sql)[] _entries;
    private readonly Dictionary<T, string> _sql = [];
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public KeywordMap(params (T Value, string Sql)[] entries)
    {
        _entries = entries;
        foreach ((T value, string sql) in entries)
        {
            _sql.Add(value, sql);
            _values.Add(sql, value);
        }
    }

    /// <summary>The spellings, in the order of the table (the canonical order of lists).</summary>
    public IReadOnlyList<(T Value, string Sql)> Entries => _entries;

    public string ToSql(T value) => _sql[value];

    public bool TryParse(string sql, out T value) => _values.TryGetValue(sql, out value);
}
