using Floe.Cli.Output;

namespace Floe.Cli.Tests.Output;

public sealed class CsvResultFormatterTests
{
    [Fact]
    public void Write_OneStatement_HeaderAndRowsWithCrlf()
    {
        string text = Results.Format(w => CsvResultFormatter.Write(w, [Results.Of(["name", "owner"], ["REPO", "SYSADMIN"], ["R2", null])]));

        Assert.Equal("name,owner\r\nREPO,SYSADMIN\r\nR2,\r\n", text);
    }

    [Fact]
    public void Write_SpecialCharacters_AreQuoted()
    {
        string text = Results.Format(w => CsvResultFormatter.Write(w, [Results.Of(["a,b", "c"], ["x,y", "say \"hi\""], ["line\nbreak", "cr\r"], ["plain", " spaced "])]));

        Assert.Equal(
            "\"a,b\",c\r\n" +
            "\"x,y\",\"say \"\"hi\"\"\"\r\n" +
            "\"line\nbreak\",\"cr\r\"\r\n" +
            "plain, spaced \r\n",
            text);
    }

    [Fact]
    public void Write_EmptyStringAndNull_Differ()
    {
        string text = Results.Format(w => CsvResultFormatter.Write(w, [Results.Of(["a", "b"], ["", null])]));

        Assert.Equal("a,b\r\n\"\",\r\n", text);
    }

    [Fact]
    public void Write_SeveralStatements_SeparatesBlocksWithBlankLine()
    {
        string text = Results.Format(w => CsvResultFormatter.Write(w, [Results.Of(["a"], ["1"]), Results.Of(["b"], ["2"])]));

        Assert.Equal("a\r\n1\r\n\r\nb\r\n2\r\n", text);
    }

    [Fact]
    public void Write_NoRows_IsHeaderOnly()
    {
        Assert.Equal("a,b\r\n", Results.Format(w => CsvResultFormatter.Write(w, [Results.Of(["a", "b"])])));
    }
}
