using Floe.Sql.Ast;

namespace Floe.Sql.Tests.Ast;

public class ValueListTests
{
    [Fact]
    public void Equals_SameItemsInTheSameOrder_IsTrue()
    {
        ValueList<int> first = [1, 2, 3];
        ValueList<int> second = ValueList.From(new List<int> { 1, 2, 3 });

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Equals_OtherOrderOrItems_IsFalse()
    {
        ValueList<int> list = [1, 2];

        Assert.NotEqual(list, [2, 1]);
        Assert.NotEqual(list, [1, 2, 3]);
        Assert.False(list.Equals(null));
    }
}
