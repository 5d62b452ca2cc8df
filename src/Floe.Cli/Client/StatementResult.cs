using System.Text.Json;
using Floe.Cli.Client.Wire;

namespace Floe.Cli.Client;

/// <summary>One column of a result set.</summary>
internal sealed record Column(string Name, string Type, bool Nullable);

/// <summary>The result of one statement: its columns and rows (cells are text or null, as the API sends them).</summary>
internal sealed record StatementResult(
    string? StatementHandle,
    string? Message,
    IReadOnlyList<Column> Columns,
    IReadOnlyList<IReadOnlyList<string?>> Rows)
{
    /// <summary>The statements of a response, in order: its <c>results</c>, or the response itself.</summary>
    public static IReadOnlyList<StatementResult> ListFrom(StatementResponse response) =>
        response.Results is { } results ? [.. results.Select(From)] : [From(response)];

    public static StatementResult From(StatementResponse response)
    {
        List<Column> columns = [.. (response.ResultSetMetaData?.RowType ?? []).Select(ToColumn)];
        List<IReadOnlyList<string?>> rows = [.. (response.Data ?? []).Select(ToRow)];
        return new StatementResult(response.StatementHandle, response.Message, columns, rows);
    }

    private static Column ToColumn(RowTypeEntry entry) =>
        new(entry.Name ?? "", entry.Type ?? "", entry.Nullable ?? true);

    private static string?[] ToRow(List<JsonElement> cells) => [.. cells.Select(ToText)];

    private static string? ToText(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => cell.GetString(),
        _ => cell.GetRawText(),
    };
}
