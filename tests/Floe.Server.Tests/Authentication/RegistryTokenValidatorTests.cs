using System.Security.Cryptography;
using System.Text;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Metadata.Sqlite;
using Floe.Server.Authentication;
using Floe.Server.Tenancy;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Authentication;

/// <summary>
/// The registry-token validator over tokens signed with the deployment's own key, so the claims reader is
/// reached with payloads the issuer would never write.
/// </summary>
public sealed class RegistryTokenValidatorTests : IAsyncLifetime
{
    private static readonly TokenOptions Options = new();

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("floe-token-validator-");
    private SqliteMetadataStore? _store;
    private RegistryTokenKeys? _keys;
    private RegistryTokenValidator? _validator;
    private AccountRecord? _account;

    public async Task InitializeAsync()
    {
        _store = new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(_directory.FullName, "m.db") }, TimeProvider.System);
        await _store.MigrateAsync(CancellationToken.None);
        _account = await _store.EnsureAccountAsync("DEV", CancellationToken.None);
        _keys = new RegistryTokenKeys(_store, TimeProvider.System, Options);
        RegistryTokenIssuer issuer = new(
            _keys, new RegistryDecisions(new Authorizer(_store), _store), new AccountResolver(_store, new TenancyOptions(), TimeProvider.System), TimeProvider.System, Options);
        _validator = new RegistryTokenValidator(_keys, issuer, TimeProvider.System);
    }

    public async Task DisposeAsync()
    {
        _keys!.Dispose();
        await _store!.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    [Fact]
    public async Task ValidateAsync_SignedWellFormedPayload_CarriesItsAccess()
    {
        string token = await SignAsync(Payload("\"repository\"", "\"pull\""));

        ValidatedRegistryToken? validated = await _validator!.ValidateAsync(_account!, "Bearer " + token, CancellationToken.None);

        Assert.NotNull(validated);
        Assert.True(validated.Covers("repository", "db/schema/repo/img", "pull"));
    }

    [Fact]
    public async Task ValidateAsync_SignedByAKeyAnotherNodeJustActivated_VerifiesAtOnce()
    {
        RegistryKeySet seen = await _keys!.CurrentAsync(CancellationToken.None);
        // Another node rotates: its new key is in the store, and this node has not read it.
        using ECDsa ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        SigningKeyRecord rotated = new(Guid.NewGuid().ToString("N"), RegistryTokenKeys.Algorithm, ecdsa.ExportPkcs8PrivateKey(), DateTimeOffset.UtcNow, null);
        Assert.True(await _store!.ActivateSigningKeyAsync(rotated, seen.Signing.KeyId, CancellationToken.None));
        string token = Sign(new ECDsaSecurityKey(ecdsa) { KeyId = rotated.KeyId }, Encoding.UTF8.GetBytes(Payload("\"repository\"", "\"pull\"")));

        ValidatedRegistryToken? validated = await _validator!.ValidateAsync(_account!, "Bearer " + token, CancellationToken.None);

        Assert.NotNull(validated);
    }

    [Theory]
    [InlineData("\"\u00ae\"", "\"pull\"")]
    [InlineData("\"repository\"", "\"pu\u0080ll\"")]
    public async Task ValidateAsync_SignedPayloadWithInvalidUtf8InAccess_IsRefusedNotThrown(string type, string action)
    {
        // Found by the registry-token fuzz target: reading such a string threw InvalidOperationException.
        // The marked characters become single bytes that are not UTF-8.
        byte[] payload = Encoding.Latin1.GetBytes(Payload(type, action));

        ValidatedRegistryToken? validated = await _validator!.ValidateAsync(_account!, "Bearer " + await SignAsync(payload), CancellationToken.None);

        Assert.Null(validated);
    }

    [Theory]
    // Found by the registry-token fuzz target: five dot-separated parts whose pieces are not base64url made the
    // look-up of the token's key id throw FormatException.
    [InlineData("eyJhbGciOiJlIn0MJlZ0.iX2.eyVPA0.iA.eyJT")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9.%%%.x")]
    [InlineData("a.b.c.d.e")]
    [InlineData("....")]
    [InlineData("eyJhbGciOiJFUzI1NiIsImtpZCI6MX0.e30.")]
    public async Task ValidateAsync_MalformedToken_IsRefusedNotThrown(string token)
    {
        ValidatedRegistryToken? validated = await _validator!.ValidateAsync(_account!, "Bearer " + token, CancellationToken.None);

        Assert.Null(validated);
    }

    private string Payload(string type, string action) =>
        $$"""{"iss":"floe","sub":"ADMIN","aud":"local-dev.registry.localhost","exp":{{DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()}},"floe_account_id":"{{_account!.Id}}","floe_user_id":"1","access":[{"type":{{type}},"name":"db/schema/repo/img","actions":[{{action}}]}]}""";

    private Task<string> SignAsync(string payload) => SignAsync(Encoding.UTF8.GetBytes(payload));

    private async Task<string> SignAsync(byte[] payload) => Sign((await _keys!.CurrentAsync(CancellationToken.None)).Signing, payload);

    private static string Sign(ECDsaSecurityKey key, byte[] payload)
    {
        string header = Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes($$"""{"alg":"ES256","typ":"JWT","kid":"{{key.KeyId}}"}"""));
        string signingInput = header + "." + Base64UrlEncoder.Encode(payload);
        byte[] signature = key.ECDsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return signingInput + "." + Base64UrlEncoder.Encode(signature);
    }
}
