using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Infrastructure;

/// <summary>A user's RSA key pair and the key-pair JWTs a Snowflake-style client signs with it.</summary>
public sealed class KeyPairClient : IDisposable
{
    public const string JwtBearerGrant = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /// <summary>The <c>&lt;ORG&gt;-&lt;ACCOUNT&gt;</c> of <see cref="RegistryHost.AccountHost"/>.</summary>
    public const string AccountQualifier = "LOCAL-DEV";

    private readonly RSA _rsa = RSA.Create(2048);

    /// <summary>The public key as <c>RSA_PUBLIC_KEY</c> takes it: base64 of the DER SubjectPublicKeyInfo.</summary>
    public string PublicKeyBody => Convert.ToBase64String(_rsa.ExportSubjectPublicKeyInfo());

    public string Fingerprint => "SHA256:" + Convert.ToBase64String(SHA256.HashData(_rsa.ExportSubjectPublicKeyInfo()));

    /// <summary>An RS256 JWT with Snowflake's claims for <paramref name="user"/>, issued at <paramref name="issuedAt"/>.</summary>
    public string Assertion(
        string user, DateTimeOffset issuedAt, TimeSpan? lifetime = null, string qualifier = AccountQualifier, string? fingerprint = null, string? issuerUser = null)
    {
        string subject = qualifier + "." + user;
        string issuer = qualifier + "." + (issuerUser ?? user) + "." + (fingerprint ?? Fingerprint);
        return Sign(new Dictionary<string, object>
        {
            ["iss"] = issuer,
            ["sub"] = subject,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["exp"] = (issuedAt + (lifetime ?? TimeSpan.FromMinutes(59))).ToUnixTimeSeconds(),
        }, new SigningCredentials(new RsaSecurityKey(_rsa), SecurityAlgorithms.RsaSha256));
    }

    /// <summary>Signs <paramref name="claims"/> as they are with this key (RS256).</summary>
    public string SignClaims(Dictionary<string, object> claims) =>
        Sign(claims, new SigningCredentials(new RsaSecurityKey(_rsa), SecurityAlgorithms.RsaSha256));

    public static string Sign(Dictionary<string, object> claims, SigningCredentials? credentials)
    {
        SecurityTokenDescriptor descriptor = new()
        {
            Claims = claims,
            SigningCredentials = credentials,
            Subject = new ClaimsIdentity(),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public void Dispose() => _rsa.Dispose();
}

/// <summary>Logs in with the key-pair grant of <c>POST /oauth/token</c>.</summary>
public static class KeyPairLogin
{
    public static async Task<HttpResponseMessage> RequestKeyPairTokenAsync(this HttpClient client, string assertion, string? scope = null)
    {
        Dictionary<string, string> form = new() { ["grant_type"] = KeyPairClient.JwtBearerGrant, ["assertion"] = assertion };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        using HttpRequestMessage request = new(HttpMethod.Post, "/oauth/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Host = RegistryHost.AccountHost;
        return await client.SendAsync(request);
    }
}
