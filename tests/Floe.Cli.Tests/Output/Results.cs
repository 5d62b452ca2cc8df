using Floe.Cli.Client;

namespace Floe.Cli.Tests.Output;

/// <summary>Statement results for the formatter tests.</summary>
internal static class Results
{
    public static StatementResult Of(string[] columns, params string?[][] rows) =>
        new("handle", "Statement executed successfully.",
            [.. columns.Select(name => new Column(name, "text", true))],
            [.. rows]);

    public static string Format(Action<TextWriter> write)
    {
        using StringWriter writer = new() { NewLine = "\n" };
        write(writer);
        return writer.ToString();
    }
}
