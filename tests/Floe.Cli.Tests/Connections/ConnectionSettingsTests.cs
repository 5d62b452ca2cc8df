using Floe.Cli.Connections;

namespace Floe.Cli.Tests.Connections;

public sealed class ConnectionSettingsTests
{
    private static readonly ConnectionSettings Full = new()
    {
        Host = "h", User = "u", Password = "hunter2", PrivateKeyFile = "/k.p8", PrivateKeyPassphrase = "pass-secret", Account = "o-a", Token = "tok-secret",
        Role = "r", Database = "d", Schema = "s",
    };

    [Fact]
    public void ToString_WithSecrets_MasksPasswordAndToken()
    {
        string text = Full.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-secret", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pass-secret", text, StringComparison.Ordinal);
        Assert.Equal(
            "ConnectionSettings { Host = h, User = u, Password = ****, PrivateKeyFile = /k.p8, PrivateKeyPassphrase = ****, Account = o-a, Token = ****, Authenticator = , Role = r, Database = d, Schema = s }",
            text);
    }

    [Fact]
    public void ToString_WithoutSecrets_ShowsThemUnset()
    {
        Assert.Equal(
            "ConnectionSettings { Host = h, User = , Password = , PrivateKeyFile = , PrivateKeyPassphrase = , Account = , Token = , Authenticator = , Role = , Database = , Schema =  }",
            new ConnectionSettings { Host = "h" }.ToString());
    }

    [Fact]
    public void InterpolatedInString_MasksSecrets()
    {
        Assert.DoesNotContain("hunter2", $"connecting with {Full}", StringComparison.Ordinal);
    }

    [Fact]
    public void OverriddenBy_TakesSetValuesAndKeepsTheRest()
    {
        ConnectionSettings merged = Full.OverriddenBy(new ConnectionSettings { Role = "OTHER", Token = "t2" });

        Assert.Equal(Full with { Role = "OTHER", Token = "t2" }, merged);
    }
}
