using System.CommandLine;
using System.Text.Json.Nodes;
using Floe.Cli.Client;
using Floe.Cli.Output;

namespace Floe.Cli.Commands;

/// <summary>The <c>--format table|json</c> option of the <c>spcs</c> and <c>connection</c> commands (any case: <c>--format=JSON</c>).</summary>
internal static class CommandFormat
{
    public static Option<string> CreateOption()
    {
        Option<string> format = new("--format")
        {
            Description = "Output format.",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmongIgnoringCase("table", "json");
        return format;
    }

    public static OutputFormat Read(ParseResult result, Option<string> option) =>
        ResultWriter.ParseFormat(result.GetRequiredValue(option));

    /// <summary>One result set built by the command itself (text cells).</summary>
    public static StatementResult Table(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows) =>
        new(null, null, [.. columns.Select(name => new Column(name, "text", true))], [.. rows]);

    /// <summary>
    /// A DDL answer: its <c>status</c> cell, else the statement's message. Table format prints the line,
    /// JSON <c>{"status": "..."}</c>.
    /// </summary>
    public static void WriteStatus(TextWriter output, OutputFormat format, StatementResult result)
    {
        string status = result.Rows is [[{ } cell, ..], ..] ? cell : result.Message ?? "Statement executed successfully.";
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(output, new JsonObject { ["status"] = status });
            return;
        }
        output.WriteLine(status);
    }
}

