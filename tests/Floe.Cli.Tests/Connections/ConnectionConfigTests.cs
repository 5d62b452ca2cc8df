using Floe.Cli.Connections;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Connections;

public sealed class ConnectionConfigTests
{
    [Fact]
    public void TryParse_AllKeys_ReadsEveryConnection()
    {
        const string toml = """
            default_connection_name = "dev"

            [connections.dev]
            host = "localhost:5000"
            user = "ADMIN"
            password = "pw"
            private_key_file = "/keys/rsa.p8"
            token = "t"
            role = "ACCOUNTADMIN"
            database = "DB"
            schema = "PUBLIC"

            [connections.prod]
            host = "myorg-prod.registry.example.com"
            """;

        Assert.True(ConnectionConfig.TryParse(toml, "config.toml", out ConnectionConfig config, out string error), error);

        Assert.Equal("dev", config.DefaultConnectionName);
        Assert.Equal(
            new ConnectionSettings
            {
                Host = "localhost:5000", User = "ADMIN", Password = "pw", PrivateKeyFile = "/keys/rsa.p8", Token = "t",
                Role = "ACCOUNTADMIN", Database = "DB", Schema = "PUBLIC",
            },
            config.Connections["dev"]);
        Assert.Equal(new ConnectionSettings { Host = "myorg-prod.registry.example.com" }, config.Connections["prod"]);
    }

    [Fact]
    public void TryParse_EmptyText_IsEmptyConfig()
    {
        Assert.True(ConnectionConfig.TryParse("", "config.toml", out ConnectionConfig config, out _));
        Assert.Null(config.DefaultConnectionName);
        Assert.Empty(config.Connections);
    }

    [Fact]
    public void TryParse_OtherTopLevelTables_AreLeftAlone()
    {
        Assert.True(ConnectionConfig.TryParse("[cli]\ncolor = false\n", "config.toml", out ConnectionConfig config, out _));
        Assert.Empty(config.Connections);
    }

    [Fact]
    public void TryParse_SyntaxError_NamesFileLineAndProblem()
    {
        Assert.False(ConnectionConfig.TryParse("[connections.dev]\nhost = \n", "/home/me/.floe/config.toml", out _, out string error));

        Assert.StartsWith("invalid config file: /home/me/.floe/config.toml(2,", error, StringComparison.Ordinal);
        Assert.Contains("Missing value", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"\\")]
    [InlineData("[connections.dev]\nuser = \"ADMIN\\")]
    public void TryParse_EscapeCutOffByEndOfFile_IsAnErrorNotACrash(string text)
    {
        // Found by the connection-config fuzz target: Tomlyn threw ArgumentOutOfRangeException.
        Assert.False(ConnectionConfig.TryParse(text, "/home/me/.floe/config.toml", out _, out string error));

        Assert.StartsWith("invalid config file /home/me/.floe/config.toml: ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_UnknownKey_IsAnErrorThatListsTheKnownOnes()
    {
        Assert.False(ConnectionConfig.TryParse("[connections.dev]\npasword = \"x\"\n", "c.toml", out _, out string error));

        Assert.Equal(
            "invalid config file c.toml: unknown key 'connections.dev.pasword' (known keys: host, account, user, password, private_key_file, private_key_passphrase, token, role, database, schema, authenticator, " +
            "oauth_client_id, oauth_issuer, oauth_authorization_url, oauth_token_request_url, oauth_scope, oauth_redirect_uri)",
            error);
    }

    [Fact]
    public void TryParse_NonStringValue_IsAnError()
    {
        Assert.False(ConnectionConfig.TryParse("[connections.dev]\nhost = 5000\n", "c.toml", out _, out string error));

        Assert.Equal("invalid config file c.toml: 'connections.dev.host' must be a string", error);
    }

    [Fact]
    public void TryParse_ConnectionsNotATable_IsAnError()
    {
        Assert.False(ConnectionConfig.TryParse("connections = \"dev\"\n", "c.toml", out _, out string error));

        Assert.Contains("'connections' must be a table", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_ConnectionNotATable_IsAnError()
    {
        Assert.False(ConnectionConfig.TryParse("[connections]\ndev = \"x\"\n", "c.toml", out _, out string error));

        Assert.Contains("'connections.dev' must be a table", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EmptyStringValue_CountsAsUnset()
    {
        Assert.True(ConnectionConfig.TryParse("[connections.dev]\nrole = \"\"\n", "c.toml", out ConnectionConfig config, out _));
        Assert.Null(config.Connections["dev"].Role);
    }

    [Fact]
    public void TryLoad_MissingFile_IsEmptyConfig()
    {
        using TempDirectory home = new();

        Assert.True(ConnectionConfig.TryLoad(Path.Combine(home.Path, "absent.toml"), out ConnectionConfig config, out _));
        Assert.Same(ConnectionConfig.Empty, config);
    }

    [Fact]
    public void TryLoad_File_UsesPathInErrors()
    {
        using TempDirectory home = new();
        string path = home.WriteFile("bad.toml", "[connections.dev\n");

        Assert.False(ConnectionConfig.TryLoad(path, out _, out string error));
        Assert.StartsWith($"invalid config file: {path}(1,", error, StringComparison.Ordinal);
    }
}
