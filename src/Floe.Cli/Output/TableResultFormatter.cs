using System.Text;
using Floe.Cli.Client;

namespace Floe.Cli.Output;

/// <summary>
/// The Snowflake CLI's table look, one table per statement (a blank line between tables):
/// <code>
/// +-----------------------+
/// | name      | owner     |
/// |-----------+-----------|
/// | REPO      | SYSADMIN  |
/// | OTHER     | NULL      |
/// +-----------------------+
/// </code>
/// A SQL NULL shows as <c>NULL</c> (the Snowflake CLI shows Python's <c>None</c>; an empty cell would
/// hide the difference between NULL and an empty string). Line breaks and tabs inside a value show as
/// <c>\n</c>, <c>\r</c>, <c>\t</c> so that every row stays on one line. Widths count UTF-16 code units.
/// </summary>
internal static class TableResultFormatter
{
    public const string NullText = "NULL";

    public static void Write(TextWriter writer, IReadOnlyList<StatementResult> results)
    {
        for (int i = 0; i < results.Count; i++)
        {
            if (i > 0)
            {
                writer.WriteLine();
            }
            WriteOne(writer, results[i]);
        }
    }

    private static void WriteOne(TextWriter writer, StatementResult result)
    {
        if (result.Columns.Count == 0)
        {
            writer.WriteLine(result.Message ?? "Statement executed successfully.");
            return;
        }
        string[] header = [.. result.Columns.Select(column => Cell(column.Name))];
        List<string[]> rows = [.. result.Rows.Select(row => ToCells(row, header.Length))];
        int[] widths = Widths(header, rows);
        string border = "+" + new string('-', widths.Sum() + (3 * widths.Length) - 1) + "+";
        writer.WriteLine(border);
        writer.WriteLine(Line(header, widths));
        writer.WriteLine("|" + string.Join("+", widths.Select(width => new string('-', width + 2))) + "|");
        foreach (string[] row in rows)
        {
            writer.WriteLine(Line(row, widths));
        }
        writer.WriteLine(border);
    }

    private static string[] ToCells(IReadOnlyList<string?> row, int columnCount) =>
        [.. Enumerable.Range(0, columnCount).Select(i => i < row.Count ? Cell(row[i]) : "")];

    private static int[] Widths(string[] header, List<string[]> rows) =>
        [.. header.Select((name, i) => rows.Select(row => row[i].Length).Append(name.Length).Max())];

    private static string Line(string[] cells, int[] widths) =>
        "| " + string.Join(" | ", cells.Select((cell, i) => cell.PadRight(widths[i]))) + " |";

    private static string Cell(string? value)
    {
        if (value is null)
        {
            return NullText;
        }
        if (value.AsSpan().IndexOfAny('\n', '\r', '\t') < 0)
        {
            return value;
        }
        StringBuilder text = new(value);
        return text.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t").ToString();
    }
}
