using System.Net;
using System.Security.Cryptography;
using System.Text;
using Floe.Cli.Client;
using Floe.Cli.Connections;
using Floe.Cli.Tests.Commands;
using Floe.Cli.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Cli.Tests.Client;

/// <summary>Key-pair login: the key files read, the JWT signed, the form sent.</summary>
public sealed class KeyPairTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _home = new();
    private readonly RSA _key = RSA.Create(2048);

    public void Dispose()
    {
        _key.Dispose();
        _home.Dispose();
    }

    [Fact]
    public async Task Create_SignsRs256WithSnowflakeClaims_VerifiableWithThePublicKey()
    {
        string jwt = KeyPairJwt.Create(_key, "myorg-myaccount", "alice", Now);

        using RSA publicKey = RSA.Create();
        publicKey.ImportFromPem(_key.ExportSubjectPublicKeyInfoPem());
        string fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(Convert.FromBase64String(
            string.Concat(_key.ExportSubjectPublicKeyInfoPem().Split('\n').Where(line => !line.StartsWith("-----", StringComparison.Ordinal))))));
        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(publicKey),
            ValidIssuer = "MYORG-MYACCOUNT.ALICE." + fingerprint,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        JsonWebToken token = new(jwt);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal("MYORG-MYACCOUNT.ALICE", token.Subject);
        Assert.Equal(Now.ToUnixTimeSeconds(), token.GetPayloadValue<long>("iat"));
        Assert.Equal(Now.AddMinutes(59).ToUnixTimeSeconds(), token.GetPayloadValue<long>("exp"));
        Assert.False(token.TryGetPayloadValue("nbf", out object _));
    }

    [Fact]
    public async Task Create_OtherKey_DoesNotVerify()
    {
        string jwt = KeyPairJwt.Create(_key, "o-a", "u", Now);
        using RSA other = RSA.Create(2048);

        TokenValidationResult result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKey = new RsaSecurityKey(other),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });

        Assert.False(result.IsValid);
    }

    [Theory]
    [InlineData("pkcs8")]
    [InlineData("pkcs1")]
    [InlineData("encrypted")]
    public void TryLoadKey_EveryPemForm_ReadsTheSameKey(string form)
    {
        string path = WriteKey(form);

        Assert.True(KeyPairJwt.TryLoadKey(path, form == "encrypted" ? "open sesame" : null, out RSA loaded, out string error), error);
        using (loaded)
        {
            Assert.Equal(KeyPairJwt.Fingerprint(_key), KeyPairJwt.Fingerprint(loaded));
        }
    }

    [Fact]
    public void TryLoadKey_EncryptedWithoutOrWithWrongPassphrase_SaysWhat()
    {
        string path = WriteKey("encrypted");

        Assert.False(KeyPairJwt.TryLoadKey(path, null, out _, out string missing));
        Assert.False(KeyPairJwt.TryLoadKey(path, "wrong", out _, out string wrong));

        Assert.Equal($"private key file {path} is encrypted: set 'private_key_passphrase' or FLOE_PRIVATE_KEY_PASSPHRASE", missing);
        Assert.Equal($"cannot decrypt private key file {path}: wrong passphrase or not an RSA key", wrong);
    }

    [Fact]
    public void TryLoadKey_PublicKeyOnly_IsRefused()
    {
        string path = _home.WriteFile("pub.pem", _key.ExportSubjectPublicKeyInfoPem());

        Assert.False(KeyPairJwt.TryLoadKey(path, null, out _, out string error));
        Assert.StartsWith($"private key file {path} holds no PEM private key", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("myorg-myaccount", null, "MYORG-MYACCOUNT")]
    [InlineData(null, "myorg-my-account.registry.example.com", "MYORG-MY-ACCOUNT")]
    [InlineData(null, "https://local-dev.registry.localhost:5000", "LOCAL-DEV")]
    [InlineData("o-a", "local-dev.registry.localhost:5000", "O-A")]
    public void Account_FromSettingElseFromAccountHost(string? account, string? host, string expected)
    {
        Assert.True(KeyPairAccount.TryResolve(new ConnectionSettings { Account = account, Host = host }, out string resolved, out string error), error);
        Assert.Equal(expected, resolved);
    }

    [Theory]
    [InlineData("127.0.0.1:5000")]
    [InlineData("localhost:5000")]
    [InlineData("registry.example.com")]
    [InlineData("floe.internal")]
    public void Account_HostThatIsNoAccountHost_NeedsTheSetting(string host)
    {
        Assert.False(KeyPairAccount.TryResolve(new ConnectionSettings { Host = host }, out _, out string error));
        Assert.StartsWith("key-pair authentication needs the account", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SqlCommand_PrivateKeyFile_PostsTheJwtBearerFormWithRoleScope()
    {
        string path = WriteKey("encrypted");
        StubHandler handler = StubHandler.ForSql("""{"resultSetMetaData":{"rowType":[]},"data":[]}""");
        CliEnvironment environment = TestEnvironments.Create(_home.Path,
            new Dictionary<string, string> { [EnvironmentVariables.PrivateKeyPassphrase] = "open sesame" }, handler);

        CliRun run = await CliRun.InvokeAsync(environment,
            "sql", "-q", "SELECT CURRENT_USER()", "--host", "myorg-acct.registry.example.com", "--user", "svc",
            "--private-key-file", path, "--role", "DEPLOYER");

        Assert.True(run.ExitCode == 0, run.Error);
        RecordedRequest login = handler.Requests[0];
        Assert.Equal(("/oauth/token", "application/x-www-form-urlencoded"), (login.Path, login.ContentType));
        Dictionary<string, string> form = login.Body.Split('&')
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => WebUtility.UrlDecode(pair[0]), pair => WebUtility.UrlDecode(pair[1]));
        Assert.Equal(["grant_type", "assertion", "scope"], form.Keys);
        Assert.Equal("urn:ietf:params:oauth:grant-type:jwt-bearer", form["grant_type"]);
        Assert.Equal("session:role:DEPLOYER", form["scope"]);
        JsonWebToken jwt = new(form["assertion"]);
        Assert.Equal("MYORG-ACCT.SVC", jwt.Subject);
        Assert.Equal("MYORG-ACCT.SVC." + KeyPairJwt.Fingerprint(_key), jwt.Issuer);
        Assert.Equal("Bearer session-1", handler.Requests[1].Authorization);
    }

    [Fact]
    public async Task SqlCommand_ServerRefusesTheKey_ExitsOneWithItsMessage()
    {
        string path = WriteKey("pkcs8");
        StubHandler handler = new(_ => StubHandler.Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"JWT token is invalid."}"""));

        CliRun run = await CliRun.InvokeAsync(TestEnvironments.Create(_home.Path, handler: handler),
            "sql", "-q", "x", "--host", "127.0.0.1:5000", "--account", "local-dev", "--user", "svc", "--private-key-file", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("JWT token is invalid.", run.Error, StringComparison.Ordinal);
    }

    private string WriteKey(string form)
    {
        string pem = form switch
        {
            "pkcs8" => _key.ExportPkcs8PrivateKeyPem(),
            "pkcs1" => _key.ExportRSAPrivateKeyPem(),
            _ => _key.ExportEncryptedPkcs8PrivateKeyPem(Encoding.UTF8.GetBytes("open sesame"),
                new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 100_000)),
        };
        return _home.WriteFile(form + ".pem", pem);
    }
}
