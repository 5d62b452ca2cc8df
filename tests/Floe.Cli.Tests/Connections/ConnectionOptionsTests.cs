using System.CommandLine;
using Floe.Cli.Connections;

namespace Floe.Cli.Tests.Connections;

public sealed class ConnectionOptionsTests
{
    [Fact]
    public void ReadRequest_AllFlags_AreRead()
    {
        (ConnectionOptions options, Command command) = Create();

        ParseResult result = command.Parse(
            "-c dev --config-file /c.toml --host h --user u --password p --private-key-file k --token t --role r --database d --schema s");

        Assert.Empty(result.Errors);
        Assert.Equal(
            new ConnectionRequest("dev", "/c.toml", new ConnectionSettings
            {
                Host = "h", User = "u", Password = "p", PrivateKeyFile = "k", Token = "t", Role = "r", Database = "d", Schema = "s",
            }),
            options.ReadRequest(result));
    }

    [Fact]
    public void ReadRequest_LongConnectionFlag_IsTheSameOption()
    {
        (ConnectionOptions options, Command command) = Create();

        Assert.Equal("dev", options.ReadRequest(command.Parse("--connection dev")).ConnectionName);
    }

    [Fact]
    public void ReadRequest_NoFlags_IsNone()
    {
        (ConnectionOptions options, Command command) = Create();

        Assert.Equal(ConnectionRequest.None, options.ReadRequest(command.Parse("")));
    }

    [Fact]
    public void ReadRequest_EmptyFlag_CountsAsUnset()
    {
        (ConnectionOptions options, Command command) = Create();

        Assert.Null(options.ReadRequest(command.Parse(["--role", ""])).Flags.Role);
    }

    private static (ConnectionOptions Options, Command Command) Create()
    {
        ConnectionOptions options = new();
        RootCommand command = new();
        options.AddTo(command);
        return (options, command);
    }
}
