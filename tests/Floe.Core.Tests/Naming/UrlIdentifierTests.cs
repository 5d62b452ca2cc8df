using Floe.Core.Naming;

namespace Floe.Core.Tests.Naming;

public class UrlIdentifierTests
{
    [Theory]
    [InlineData("db", "DB")]
    [InlineData("DB", "DB")]
    [InlineData("My_Db1", "MY_DB1")]
    [InlineData("_x", "_X")]
    [InlineData("my%24db", "MY$DB")]
    [InlineData("my%24%24", "MY$$")]
    [InlineData("my$db", "MY$DB")]
    public void ToStored_UnquotedIdentifier_ReturnsUpperCase(string urlComponent, string expected)
    {
        Assert.Equal(expected, UrlIdentifier.ToStored(urlComponent));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1db")]
    [InlineData("%24db")]
    [InlineData("my-db")]
    [InlineData("my.db")]
    [InlineData("my%20db")]
    [InlineData("my%2524")]
    [InlineData("café")]
    public void ToStored_NotAnUnquotedIdentifier_ReturnsNull(string urlComponent)
    {
        Assert.Null(UrlIdentifier.ToStored(urlComponent));
    }

    [Theory]
    [InlineData("MY$DB", "my%24db")]
    [InlineData("PUBLIC", "public")]
    [InlineData("_A1$", "_a1%24")]
    public void ToUrl_StoredIdentifier_IsLowerCaseWithDollarEncoded(string stored, string expected)
    {
        Assert.Equal(expected, UrlIdentifier.ToUrl(stored));
        Assert.Equal(stored, UrlIdentifier.ToStored(expected));
    }

    [Theory]
    [InlineData(255, true)]
    [InlineData(256, false)]
    public void IsUnquotedIdentifier_Length_AcceptsUpTo255(int length, bool expected)
    {
        Assert.Equal(expected, UrlIdentifier.IsUnquotedIdentifier(new string('a', length)));
    }
}
