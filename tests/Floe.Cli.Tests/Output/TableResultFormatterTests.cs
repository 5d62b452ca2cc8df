using Floe.Cli.Client;
using Floe.Cli.Output;

namespace Floe.Cli.Tests.Output;

public sealed class TableResultFormatterTests
{
    [Fact]
    public void Write_OneStatement_DrawsSnowflakeCliTable()
    {
        StatementResult result = Results.Of(["name", "owner"], ["TUTORIAL_REPO", "SYSADMIN"], ["R", null]);

        string text = Results.Format(w => TableResultFormatter.Write(w, [result]));

        Assert.Equal(
            """
            +--------------------------+
            | name          | owner    |
            |---------------+----------|
            | TUTORIAL_REPO | SYSADMIN |
            | R             | NULL     |
            +--------------------------+

            """,
            text);
    }

    [Fact]
    public void Write_HeaderWiderThanValues_SizesColumnsToHeader()
    {
        string text = Results.Format(w => TableResultFormatter.Write(w, [Results.Of(["CURRENT_ROLE()"], ["R"])]));

        Assert.Equal(
            """
            +----------------+
            | CURRENT_ROLE() |
            |----------------|
            | R              |
            +----------------+

            """,
            text);
    }

    [Fact]
    public void Write_NoRows_DrawsHeaderOnly()
    {
        string text = Results.Format(w => TableResultFormatter.Write(w, [Results.Of(["a", "bb"])]));

        Assert.Equal(
            """
            +--------+
            | a | bb |
            |---+----|
            +--------+

            """,
            text);
    }

    [Fact]
    public void Write_EmptyStringAndNull_LookDifferent()
    {
        string text = Results.Format(w => TableResultFormatter.Write(w, [Results.Of(["tags"], [""], [null])]));

        Assert.Contains("| tags |\n|------|\n|      |\n| NULL |\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LineBreaksInValue_StayOnOneLine()
    {
        string text = Results.Format(w => TableResultFormatter.Write(w, [Results.Of(["c"], ["a\nb\tc\r"])]));

        Assert.Contains("| a\\nb\\tc\\r |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SeveralStatements_SeparatesTablesWithBlankLine()
    {
        string text = Results.Format(w => TableResultFormatter.Write(w, [Results.Of(["a"], ["1"]), Results.Of(["b"], ["2"])]));

        Assert.Equal(
            """
            +---+
            | a |
            |---|
            | 1 |
            +---+

            +---+
            | b |
            |---|
            | 2 |
            +---+

            """,
            text);
    }

    [Fact]
    public void Write_NoColumns_PrintsMessage()
    {
        StatementResult result = new(null, "Statement executed successfully.", [], []);

        Assert.Equal("Statement executed successfully.\n", Results.Format(w => TableResultFormatter.Write(w, [result])));
    }

    [Fact]
    public void Write_ShortRow_PadsMissingCells()
    {
        string text = Results.Format(w => TableResultFormatter.Write(w, [Results.Of(["a", "b"], ["1"])]));

        Assert.Contains("| 1 |   |", text, StringComparison.Ordinal);
    }
}
