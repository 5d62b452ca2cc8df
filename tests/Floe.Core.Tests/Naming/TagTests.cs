using Floe.Core.Naming;

namespace Floe.Core.Tests.Naming;

public class TagTests
{
    [Theory]
    [InlineData("latest")]
    [InlineData("v1.2.3")]
    [InlineData("1.0-rc.1")]
    [InlineData("_private")]
    [InlineData("UPPER_and_lower")]
    [InlineData("a")]
    [InlineData("0")]
    [InlineData("sha256-0f3c.sig")]
    [InlineData("a--b..c__d")]
    public void IsValid_ValidTag_ReturnsTrue(string tag)
    {
        Assert.True(Tag.IsValid(tag));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("-dash")]
    [InlineData("has space")]
    [InlineData("a/b")]
    [InlineData("a:b")]
    [InlineData("a+b")]
    [InlineData("sha256:abc")]
    [InlineData("café")]
    [InlineData("tab\t")]
    public void IsValid_InvalidTag_ReturnsFalse(string tag)
    {
        Assert.False(Tag.IsValid(tag));
    }

    [Theory]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void IsValid_LongTag_AcceptsUpTo128Characters(int length, bool expected)
    {
        string tag = "v" + new string('x', length - 1);

        Assert.Equal(expected, Tag.IsValid(tag));
    }
}
