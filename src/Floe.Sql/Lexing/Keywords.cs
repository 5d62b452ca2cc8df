namespace Floe.Sql.Lexing;

/// <summary>
/// Words that cannot be used as unquoted identifiers: Snowflake's reserved and limited keywords
/// ("Reserved &amp; limited keywords" in its SQL reference). Floe refuses all of them as unquoted
/// names, even the few Snowflake allows outside some statements, so that every statement has one
/// reading; a name that is one of them is written quoted (<c>"ACCOUNT"</c>).
/// </summary>
internal static class Keywords
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "ACCOUNT", "ALL", "ALTER", "AND", "ANY", "AS", "BETWEEN", "BY", "CASE", "CAST", "CHECK", "COLUMN",
        "CONNECT", "CONNECTION", "CONSTRAINT", "CREATE", "CROSS", "CURRENT", "CURRENT_DATE", "CURRENT_TIME",
        "CURRENT_TIMESTAMP", "CURRENT_USER", "DATABASE", "DELETE", "DISTINCT", "DROP", "ELSE", "EXISTS",
        "FALSE", "FOLLOWING", "FOR", "FROM", "FULL", "GRANT", "GROUP", "GSCLUSTER", "HAVING", "ILIKE", "IN",
        "INCREMENT", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "ISSUE", "JOIN", "LATERAL", "LEFT", "LIKE",
        "LOCALTIME", "LOCALTIMESTAMP", "MINUS", "NATURAL", "NOT", "NULL", "OF", "ON", "OR", "ORDER",
        "ORGANIZATION", "QUALIFY", "REGEXP", "REVOKE", "RIGHT", "RLIKE", "ROW", "ROWS", "SAMPLE", "SCHEMA",
        "SELECT", "SET", "SOME", "START", "TABLE", "TABLESAMPLE", "THEN", "TO", "TRIGGER", "TRUE", "TRY_CAST",
        "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "VIEW", "WHEN", "WHENEVER", "WHERE", "WINDOW", "WITH",
    };

    /// <summary>Whether an upper-case word is reserved.</summary>
    public static bool IsReserved(string upperCaseWord) => Reserved.Contains(upperCaseWord);
}
