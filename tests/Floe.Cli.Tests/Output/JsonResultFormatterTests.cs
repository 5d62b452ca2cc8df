using Floe.Cli.Output;

namespace Floe.Cli.Tests.Output;

public sealed class JsonResultFormatterTests
{
    [Fact]
    public void Write_OneStatement_IsArrayOfObjects()
    {
        string text = Results.Format(w => JsonResultFormatter.Write(w, [Results.Of(["name", "comment"], ["REPO", null], ["R2", "é \"q\""])]));

        Assert.Equal(
            """
            [
              {
                "name": "REPO",
                "comment": null
              },
              {
                "name": "R2",
                "comment": "é \"q\""
              }
            ]

            """,
            text);
    }

    [Fact]
    public void Write_SeveralStatements_IsArrayOfArrays()
    {
        string text = Results.Format(w => JsonResultFormatter.Write(w, [Results.Of(["a"], ["1"]), Results.Of(["b"])]));

        Assert.Equal(
            """
            [
              [
                {
                  "a": "1"
                }
              ],
              []
            ]

            """,
            text);
    }

    [Fact]
    public void Write_NoRows_IsEmptyArray()
    {
        Assert.Equal("[]\n", Results.Format(w => JsonResultFormatter.Write(w, [Results.Of(["a"])])));
    }

    [Fact]
    public void Write_ControlCharacters_AreEscaped()
    {
        string text = Results.Format(w => JsonResultFormatter.Write(w, [Results.Of(["m"], ["SQL compilation error:\nx"])]));

        Assert.Contains("\"m\": \"SQL compilation error:\\nx\"", text, StringComparison.Ordinal);
    }
}
