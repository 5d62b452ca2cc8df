using Floe.Core.Naming;

namespace Floe.Core.Tests.Naming;

public class RegistryNameTests
{
    [Theory]
    [InlineData("db/sch/repo/img", "DB", "SCHEMA", "REPO", "img")]
    [InlineData("a/b/c/d/e/f", "A", "B", "C", "d/e/f")]
    [InlineData("my%24db/s/r/img", "MY$DB", "S", "R", "img")]
    [InlineData("DB/Sch/REPO/img", "DB", "SCHEMA", "REPO", "img")]
    [InlineData("_db/s_1/r$2/team/app", "_DB", "S_1", "R$2", "team/app")]
    public void TryParse_ValidName_SplitsRepositoryAndImage(string text, string database, string schema, string repository, string image)
    {
        RegistryName name = ParseValid(text);

        Assert.Equal(new RepositoryKey(database, schema, repository), name.Repository);
        Assert.Equal(image, name.Image);
    }

    [Theory]
    [InlineData("db/sch/repo/img", "db/sch/repo/img")]
    [InlineData("my%24db/s/r/img", "my%24db/s/r/img")]
    [InlineData("my$db/s/r/img", "my%24db/s/r/img")]
    [InlineData("DB/Sch/REPO/a/b", "db/sch/repo/a/b")]
    public void ToString_ParsedName_IsTheCanonicalUrlForm(string text, string expected)
    {
        Assert.Equal(expected, ParseValid(text).ToString());
    }

    [Theory]
    [InlineData("a.b")]
    [InlineData("a_b")]
    [InlineData("a__b")]
    [InlineData("a-b")]
    [InlineData("a---b")]
    [InlineData("a1.b2_c3__d4-e5")]
    [InlineData("0")]
    [InlineData("v1.0")]
    public void TryParse_ValidImageComponent_IsAccepted(string component)
    {
        Assert.Equal(component, ParseValid("db/sch/repo/" + component).Image);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("Img")]
    [InlineData("a..b")]
    [InlineData("a___b")]
    [InlineData("a._b")]
    [InlineData("a_.b")]
    [InlineData("a-.b")]
    [InlineData("a.-b")]
    [InlineData("a-_b")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("_a")]
    [InlineData("a_")]
    [InlineData("a b")]
    [InlineData("a%2fb")]
    [InlineData("a:b")]
    public void TryParse_InvalidImageComponent_NamesIt(string component)
    {
        string text = "db/sch/repo/" + component;

        Assert.Equal($"'{component}' is not a valid image name component in '{text}'", ParseProblem(text));
    }

    [Theory]
    [InlineData("db/sch/repo/")]
    [InlineData("db/sch/repo/img/")]
    [InlineData("db/sch/repo/a//b")]
    public void TryParse_EmptyImageComponent_IsRejected(string text)
    {
        Assert.Equal($"'' is not a valid image name component in '{text}'", ParseProblem(text));
    }

    [Theory]
    [InlineData("db/sch/repo", 3)]
    [InlineData("db/schema", 2)]
    [InlineData("img", 1)]
    public void TryParse_FewerThanFourComponents_ShowsExpectedForm(string text, int count)
    {
        Assert.Equal(
            $"'{text}' has {count} path component(s); expected <database>/<schema>/<repository>/<image>",
            ParseProblem(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_EmptyName_ShowsExpectedForm(string? text)
    {
        Assert.Equal("the repository name is empty; expected <database>/<schema>/<repository>/<image>", ParseProblem(text));
    }

    [Theory]
    [InlineData("1db/sch/repo/img", "1db")]
    [InlineData("db/my-schema/repo/img", "my-schema")]
    [InlineData("db/sch/re.po/img", "re.po")]
    [InlineData("db//repo/img", "")]
    [InlineData("%24db/sch/repo/img", "%24db")]
    public void TryParse_InvalidIdentifierComponent_NamesIt(string text, string component)
    {
        Assert.Equal($"'{component}' is not a valid database, schema or repository name in '{text}'", ParseProblem(text));
    }

    [Fact]
    public void TryParse_255Characters_IsAccepted()
    {
        string text = "db/sch/repo/" + new string('a', 240);

        Assert.Equal(255, text.Length);
        Assert.Equal(new string('a', 240), ParseValid(text).Image);
    }

    [Fact]
    public void TryParse_256Characters_IsRejected()
    {
        string text = "db/sch/repo/" + new string('a', 241);

        Assert.Equal("the repository name is longer than 255 characters", ParseProblem(text));
    }

    private static RegistryName ParseValid(string text)
    {
        Assert.True(RegistryName.TryParse(text, out RegistryName? name, out string? problem), problem);
        return name;
    }

    private static string ParseProblem(string? text)
    {
        Assert.False(RegistryName.TryParse(text, out RegistryName? name, out string? problem));
        Assert.Null(name);
        return problem;
    }
}
