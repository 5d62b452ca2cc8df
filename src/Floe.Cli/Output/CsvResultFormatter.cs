using Floe.Cli.Client;

namespace Floe.Cli.Output;

/// <summary>
/// RFC 4180: a header line with the column names, then one line per row, every line ending in CRLF.
/// A field with a comma, a double quote, CR or LF is quoted (quotes doubled). SQL NULL is an empty
/// field and an empty string is <c>""</c>, so the two stay apart (PostgreSQL's CSV convention).
/// Several statements: one block each, separated by an empty line.
/// </summary>
internal static class CsvResultFormatter
{
    private const string LineEnd = "\r\n";

    public static void Write(TextWriter writer, IReadOnlyList<StatementResult> results)
    {
        for (int i = 0; i < results.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(LineEnd);
            }
            WriteOne(writer, results[i]);
        }
    }

    private static void WriteOne(TextWriter writer, StatementResult result)
    {
        WriteLine(writer, [.. result.Columns.Select(column => column.Name)]);
        foreach (IReadOnlyList<string?> row in result.Rows)
        {
            WriteLine(writer, [.. Enumerable.Range(0, result.Columns.Count).Select(i => i < row.Count ? row[i] : null)]);
        }
    }

    private static void WriteLine(TextWriter writer, IReadOnlyList<string?> fields)
    {
        writer.Write(string.Join(",", fields.Select(Field)));
        writer.Write(LineEnd);
    }

    private static string Field(string? value)
    {
        if (value is null)
        {
            return "";
        }
        bool needsQuotes = value.Length == 0 || value.AsSpan().IndexOfAny(",\"\r\n") >= 0;
        return needsQuotes ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
