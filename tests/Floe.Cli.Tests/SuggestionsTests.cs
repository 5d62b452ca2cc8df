namespace Floe.Cli.Tests;

public sealed class SuggestionsTests
{
    [Theory]
    [InlineData("sqll", "sql")]
    [InlineData("conection", "connection")]
    [InlineData("--formt", "--format")]
    [InlineData("--pass", "--password")]
    [InlineData("--USER", "--user")]
    public void Closest_ATypoOrAPrefix_IsTheNearestName(string word, string expected)
    {
        Assert.Equal(expected, Suggestions.Closest(word, ["sql", "serve", "spcs", "connection", "--format", "--password", "--private-key-file", "--user"]));
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("--verbose")]
    public void Closest_NothingNear_IsNull(string word)
    {
        Assert.Null(Suggestions.Closest(word, ["sql", "serve", "spcs", "connection", "--format", "--password"]));
    }
}
