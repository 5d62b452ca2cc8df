using Floe.Cli.Client;

namespace Floe.Cli.Output;

/// <summary>How <c>floe sql</c> prints results (<c>--format</c>).</summary>
internal enum OutputFormat
{
    Table,
    Json,
    Csv,
}

/// <summary>Writes statement results in an <see cref="OutputFormat"/>.</summary>
internal static class ResultWriter
{
    /// <summary>The <c>--format</c> values, lower-case, in the order help shows them.</summary>
    public static readonly IReadOnlyList<string> FormatNames = ["table", "json", "csv"];

    public static OutputFormat ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "json" => OutputFormat.Json,
        "csv" => OutputFormat.Csv,
        "table" => OutputFormat.Table,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown output format"),
    };

    public static void Write(TextWriter writer, OutputFormat format, IReadOnlyList<StatementResult> results)
    {
        switch (format)
        {
            case OutputFormat.Json:
                JsonResultFormatter.Write(writer, results);
                break;
            case OutputFormat.Csv:
                CsvResultFormatter.Write(writer, results);
                break;
            default:
                TableResultFormatter.Write(writer, results);
                break;
        }
    }
}
