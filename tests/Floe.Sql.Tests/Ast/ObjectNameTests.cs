using Floe.Sql.Ast;
using static Floe.Sql.Tests.Parsed;

namespace Floe.Sql.Tests.Ast;

public class ObjectNameTests
{
    [Fact]
    public void Of_Parts_FillsDatabaseSchemaAndName()
    {
        ObjectName name = ObjectName.Of([Id("d"), Id("s"), Id("r")]);

        Assert.Equal((Id("D"), Id("S"), Id("R")), (name.Database, name.Schema, name.Name));
        Assert.Equal([Id("D"), Id("S"), Id("R")], name.Parts);
    }

    [Fact]
    public void Of_TwoParts_IsSchemaAndName()
    {
        ObjectName name = ObjectName.Of(Id("s"), Id("r"));

        Assert.Equal((null, Id("S"), Id("R")), (name.Database, name.Schema, name.Name));
        Assert.Equal("S.R", name.ToSql());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Of_WrongNumberOfParts_Throws(int count)
    {
        Assert.Throws<ArgumentException>(() => ObjectName.Of([.. Enumerable.Repeat(Id("X"), count)]));
    }

    [Fact]
    public void ToSql_MixedParts_QuotesOnlyThePartsThatNeedIt()
    {
        Assert.Equal("D.\"my schema\".R", ObjectName.Of(Id("d"), Identifier.Quoted("my schema"), Id("r")).ToSql());
    }
}
