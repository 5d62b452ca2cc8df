using Floe.Sql.Ast;

namespace Floe.Sql.Tests.Ast;

public class IdentifierTests
{
    [Theory]
    [InlineData("my_repo", "MY_REPO")]
    [InlineData("A$1", "A$1")]
    [InlineData("_x", "_X")]
    public void Unquoted_ValidName_IsNormalizedToUpperCase(string text, string normalized)
    {
        Identifier identifier = Identifier.Unquoted(text);

        Assert.Equal((text, false, normalized), (identifier.Text, identifier.IsQuoted, identifier.Normalized));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1abc")]
    [InlineData("my repo")]
    [InlineData("$x")]
    [InlineData("é")]
    public void Unquoted_InvalidName_Throws(string text)
    {
        Assert.Throws<ArgumentException>(() => Identifier.Unquoted(text));
    }

    [Fact]
    public void Quoted_AnyText_KeepsItExactly()
    {
        Identifier identifier = Identifier.Quoted("My \"Role\"");

        Assert.Equal(("My \"Role\"", true, "My \"Role\""), (identifier.Text, identifier.IsQuoted, identifier.Normalized));
    }

    [Fact]
    public void Quoted_EmptyOrOver255Characters_Throws()
    {
        Assert.Throws<ArgumentException>(() => Identifier.Quoted(""));
        Assert.Throws<ArgumentException>(() => Identifier.Quoted(new string('x', 256)));
    }

    [Fact]
    public void Equals_NamesOfTheSameObject_AreEqual()
    {
        Assert.Equal(Identifier.Unquoted("my_db"), Identifier.Unquoted("MY_DB"));
        Assert.Equal(Identifier.Unquoted("my_db"), Identifier.Quoted("MY_DB"));
        Assert.NotEqual(Identifier.Unquoted("my_db"), Identifier.Quoted("my_db"));
        Assert.Equal(Identifier.Unquoted("my_db").GetHashCode(), Identifier.Quoted("MY_DB").GetHashCode());
    }

    [Theory]
    [InlineData("MY_ROLE", "MY_ROLE")]
    [InlineData("my_role", "\"my_role\"")]
    [InlineData("My Role", "\"My Role\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("1ABC", "\"1ABC\"")]
    [InlineData("SELECT", "\"SELECT\"")]
    [InlineData("ACCOUNT", "\"ACCOUNT\"")]
    [InlineData("ÉTÉ", "\"ÉTÉ\"")]
    public void ToSql_QuotedName_IsBareOnlyWhenItReadsBackTheSame(string text, string sql)
    {
        Assert.Equal(sql, Identifier.Quoted(text).ToSql());
    }

    [Fact]
    public void ToSql_UnquotedName_IsItsUpperCase()
    {
        Assert.Equal("MY_ROLE", Identifier.Unquoted("my_role").ToSql());
    }

    [Theory]
    [InlineData("analyst", "ANALYST", false)]
    [InlineData(" \"Data Team\" ", "Data Team", true)]
    [InlineData("/* c */ x", "X", false)]
    public void TryParse_IdentifierAsWritten_ReadsIt(string sql, string normalized, bool quoted)
    {
        Assert.True(Identifier.TryParse(sql, out Identifier identifier));
        Assert.Equal((normalized, quoted), (identifier.Normalized, identifier.IsQuoted));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("select")]
    [InlineData("'a'")]
    [InlineData("\"\"")]
    [InlineData("\"open")]
    public void TryParse_NotOneIdentifier_Fails(string? sql)
    {
        Assert.False(Identifier.TryParse(sql, out _));
    }
}
