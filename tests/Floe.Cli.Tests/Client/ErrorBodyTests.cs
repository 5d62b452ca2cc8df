using Floe.Cli.Client;

namespace Floe.Cli.Tests.Client;

public sealed class ErrorBodyTests
{
    [Theory]
    [InlineData("""{"code":"390100","message":"Incorrect username or password."}""", "Incorrect username or password.")]
    [InlineData("""{"error":"invalid_request","error_description":"unsupported grant_type"}""", "unsupported grant_type")]
    [InlineData("""{"error":"invalid_client"}""", "invalid_client")]
    [InlineData("""{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}""", "requested access to the resource is denied")]
    [InlineData("  plain text reason \n", "plain text reason")]
    public void FindMessage_KnownShapes_FindTheMessage(string body, string expected)
    {
        Assert.Equal(expected, ErrorBody.FindMessage(body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("""{"message":""}""")]
    [InlineData("""{"message":42}""")]
    [InlineData("[1,2]")]
    [InlineData("{not json")]
    [InlineData("<html><body>Bad gateway</body></html>")]
    public void FindMessage_NothingUsable_IsNull(string body)
    {
        Assert.Null(ErrorBody.FindMessage(body));
    }
}
