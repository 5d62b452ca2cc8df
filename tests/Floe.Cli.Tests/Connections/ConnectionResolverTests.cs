using Floe.Cli.Connections;
using Floe.Cli.Tests.Infrastructure;

namespace Floe.Cli.Tests.Connections;

public sealed class ConnectionResolverTests : IDisposable
{
    private const string TwoConnections = """
        [connections.default]
        host = "default-host"
        user = "DEFAULT_USER"

        [connections.dev]
        host = "dev-host"
        user = "DEV_USER"
        password = "dev-pw"
        role = "DEV_ROLE"
        database = "DEV_DB"
        schema = "DEV_SCHEMA"
        """;

    private readonly TempDirectory _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public void TryResolve_Precedence_ConfigThenEnvironmentThenFlags()
    {
        _home.WriteDefaultConfig(TwoConnections);
        Dictionary<string, string> variables = new()
        {
            ["FLOE_USER"] = "ENV_USER",
            ["FLOE_ROLE"] = "ENV_ROLE",
            ["FLOE_DATABASE"] = "ENV_DB",
        };
        ConnectionRequest request = new("dev", null, new ConnectionSettings { Role = "FLAG_ROLE", Host = "flag-host" });

        ResolvedConnection resolved = Resolve(request, variables);

        Assert.Equal(
            new ConnectionSettings
            {
                Host = "flag-host", User = "ENV_USER", Password = "dev-pw", Role = "FLAG_ROLE",
                Database = "ENV_DB", Schema = "DEV_SCHEMA",
            },
            resolved.Settings);
    }

    [Fact]
    public void TryResolve_EveryEnvironmentVariable_IsRead()
    {
        Dictionary<string, string> variables = new()
        {
            ["FLOE_HOST"] = "h", ["FLOE_USER"] = "u", ["FLOE_PASSWORD"] = "p", ["FLOE_PRIVATE_KEY_FILE"] = "k",
            ["FLOE_TOKEN"] = "t", ["FLOE_ROLE"] = "r", ["FLOE_DATABASE"] = "d", ["FLOE_SCHEMA"] = "s",
        };

        ResolvedConnection resolved = Resolve(ConnectionRequest.None, variables);

        Assert.Equal(
            new ConnectionSettings
            {
                Host = "h", User = "u", Password = "p", PrivateKeyFile = "k", Token = "t", Role = "r", Database = "d", Schema = "s",
            },
            resolved.Settings);
    }

    [Fact]
    public void TryResolve_EmptyEnvironmentVariable_DoesNotOverrideConfig()
    {
        _home.WriteDefaultConfig(TwoConnections);

        ResolvedConnection resolved = Resolve(ConnectionRequest.None, new Dictionary<string, string> { ["FLOE_USER"] = "" });

        Assert.Equal("DEFAULT_USER", resolved.Settings.User);
    }

    [Fact]
    public void TryResolve_NoName_UsesConnectionNamedDefault()
    {
        _home.WriteDefaultConfig(TwoConnections);

        ResolvedConnection resolved = Resolve(ConnectionRequest.None);

        Assert.Equal("default", resolved.Name);
        Assert.Equal("default-host", resolved.Settings.Host);
    }

    [Fact]
    public void TryResolve_DefaultConnectionName_WinsOverConnectionNamedDefault()
    {
        _home.WriteDefaultConfig("default_connection_name = \"dev\"\n" + TwoConnections);

        ResolvedConnection resolved = Resolve(ConnectionRequest.None);

        Assert.Equal("dev", resolved.Name);
        Assert.Equal("dev-host", resolved.Settings.Host);
    }

    [Fact]
    public void TryResolve_DefaultConnectionNameVariable_WinsOverFile()
    {
        _home.WriteDefaultConfig("default_connection_name = \"default\"\n" + TwoConnections);

        ResolvedConnection resolved = Resolve(
            ConnectionRequest.None, new Dictionary<string, string> { ["FLOE_DEFAULT_CONNECTION_NAME"] = "dev" });

        Assert.Equal("dev", resolved.Name);
    }

    [Fact]
    public void TryResolve_ConnectionFlag_WinsOverDefaults()
    {
        _home.WriteDefaultConfig("default_connection_name = \"default\"\n" + TwoConnections);

        ResolvedConnection resolved = Resolve(new ConnectionRequest("dev", null, ConnectionSettings.Empty));

        Assert.Equal("DEV_USER", resolved.Settings.User);
    }

    [Fact]
    public void TryResolve_NoNameAndNoDefaultConnection_UsesEnvironmentAndFlagsOnly()
    {
        _home.WriteDefaultConfig("[connections.dev]\nhost = \"dev-host\"\n");

        ResolvedConnection resolved = Resolve(ConnectionRequest.None, new Dictionary<string, string> { ["FLOE_HOST"] = "env-host" });

        Assert.Null(resolved.Name);
        Assert.Equal(new ConnectionSettings { Host = "env-host" }, resolved.Settings);
    }

    [Fact]
    public void TryResolve_NoConfigFile_UsesEnvironmentAndFlagsOnly()
    {
        ResolvedConnection resolved = Resolve(new ConnectionRequest(null, null, new ConnectionSettings { Host = "flag-host" }));

        Assert.Equal(Path.Combine(_home.Path, ".floe", "config.toml"), resolved.ConfigFile);
        Assert.Equal(new ConnectionSettings { Host = "flag-host" }, resolved.Settings);
    }

    [Fact]
    public void TryResolve_UnknownConnection_IsAnError()
    {
        _home.WriteDefaultConfig(TwoConnections);

        string error = ResolveError(new ConnectionRequest("prod", null, ConnectionSettings.Empty));

        Assert.Equal($"connection 'prod' is not defined in {Path.Combine(_home.Path, ".floe", "config.toml")}", error);
    }

    [Fact]
    public void TryResolve_DefaultConnectionNameNotDefined_IsAnError()
    {
        _home.WriteDefaultConfig("default_connection_name = \"gone\"\n" + TwoConnections);

        Assert.StartsWith("connection 'gone' is not defined", ResolveError(ConnectionRequest.None), StringComparison.Ordinal);
    }

    [Fact]
    public void TryResolve_ConfigFileFlag_IsReadInsteadOfHome()
    {
        _home.WriteDefaultConfig(TwoConnections);
        string other = _home.WriteFile("other.toml", "[connections.default]\nhost = \"other-host\"\n");

        ResolvedConnection resolved = Resolve(new ConnectionRequest(null, other, ConnectionSettings.Empty));

        Assert.Equal("other-host", resolved.Settings.Host);
        Assert.Equal(other, resolved.ConfigFile);
    }

    [Fact]
    public void TryResolve_ConfigFileVariable_IsReadInsteadOfHome()
    {
        string other = _home.WriteFile("env.toml", "[connections.default]\nhost = \"env-file-host\"\n");

        ResolvedConnection resolved = Resolve(ConnectionRequest.None, new Dictionary<string, string> { ["FLOE_CONFIG_FILE"] = other });

        Assert.Equal("env-file-host", resolved.Settings.Host);
    }

    [Fact]
    public void TryResolve_ConfigFileFlag_WinsOverVariable()
    {
        string fromFlag = _home.WriteFile("flag.toml", "[connections.default]\nhost = \"flag-file-host\"\n");
        string fromVariable = _home.WriteFile("env.toml", "[connections.default]\nhost = \"env-file-host\"\n");

        ResolvedConnection resolved = Resolve(
            new ConnectionRequest(null, fromFlag, ConnectionSettings.Empty),
            new Dictionary<string, string> { ["FLOE_CONFIG_FILE"] = fromVariable });

        Assert.Equal("flag-file-host", resolved.Settings.Host);
    }

    [Fact]
    public void TryResolve_ExplicitConfigFileMissing_IsAnError()
    {
        string missing = Path.Combine(_home.Path, "missing.toml");

        Assert.Equal($"config file not found: {missing}", ResolveError(new ConnectionRequest(null, missing, ConnectionSettings.Empty)));
    }

    [Fact]
    public void TryResolve_InvalidConfigFile_IsAnError()
    {
        _home.WriteDefaultConfig("[connections.dev\n");

        Assert.StartsWith("invalid config file: ", ResolveError(ConnectionRequest.None), StringComparison.Ordinal);
    }

    [Fact]
    public void TryGetBaseAddress_NoHost_SaysWhereToSetIt()
    {
        _home.WriteDefaultConfig("[connections.dev]\nuser = \"u\"\n");

        ResolvedConnection resolved = Resolve(new ConnectionRequest("dev", null, ConnectionSettings.Empty));

        Assert.False(resolved.TryGetBaseAddress(out _, out string error));
        Assert.Equal(
            $"no host configured: set 'host' in [connections.dev] in {Path.Combine(_home.Path, ".floe", "config.toml")}, FLOE_HOST, or --host",
            error);
    }

    [Fact]
    public void TryGetBaseAddress_InvalidHost_SaysWhy()
    {
        ResolvedConnection resolved = Resolve(new ConnectionRequest(null, null, new ConnectionSettings { Host = "ftp://x" }));

        Assert.False(resolved.TryGetBaseAddress(out _, out string error));
        Assert.StartsWith("invalid host: ", error, StringComparison.Ordinal);
    }

    private ResolvedConnection Resolve(ConnectionRequest request, Dictionary<string, string>? variables = null)
    {
        CliEnvironment environment = TestEnvironments.Create(_home.Path, variables);
        Assert.True(ConnectionResolver.TryResolve(request, environment, out ResolvedConnection resolved, out string error), error);
        return resolved;
    }

    private string ResolveError(ConnectionRequest request)
    {
        CliEnvironment environment = TestEnvironments.Create(_home.Path);
        Assert.False(ConnectionResolver.TryResolve(request, environment, out _, out string error));
        return error;
    }
}
