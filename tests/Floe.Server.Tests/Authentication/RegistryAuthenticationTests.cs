using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Floe.Server.Authentication;
using Floe.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Floe.Server.Tests.Authentication;

/// <summary>
/// <c>/v2/</c> with <c>RequireAuthentication = true</c>: the challenge,
/// tokens that are honoured, and tokens that are not.
/// </summary>
public sealed class RegistryAuthenticationTests : IAsyncLifetime
{
    private const string Image = RegistryHost.RepositoryPath + "/img";
    private const string Host = RegistryHost.AccountHost;
    private const string TagsPath = "/v2/" + Image + "/tags/list";
    private const string UploadPath = "/v2/" + Image + "/blobs/uploads/";

    private RegistryHost _host = null!;

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync(s => s["RequireAuthentication"] = "true");

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Base_WithoutToken_401WithTheBearerChallenge()
    {
        HttpResponseMessage response = await SendAsync(HttpMethod.Get, "/v2/", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("UNAUTHORIZED", await response.ErrorCodeAsync());
        Assert.Equal($"Bearer realm=\"http://{Host}/oauth/token\",service=\"{Host}\"", Challenge(response));
    }

    [Theory]
    [InlineData("GET", TagsPath, "pull")]
    [InlineData("HEAD", "/v2/" + Image + "/manifests/latest", "pull")]
    [InlineData("POST", UploadPath, "pull,push")]
    [InlineData("PUT", "/v2/" + Image + "/manifests/latest", "pull,push")]
    public async Task Repository_WithoutToken_ChallengeNamesTheScope(string method, string path, string actions)
    {
        HttpResponseMessage response = await SendAsync(new HttpMethod(method), path, null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Bearer realm=\"http://{Host}/oauth/token\",service=\"{Host}\",scope=\"repository:{Image}:{actions}\"", Challenge(response));
    }

    [Fact]
    public async Task Base_WithToken_200()
    {
        string token = await TokenAsync("ADMIN", RegistryHost.AdminPassword);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/v2/", token)).StatusCode);
    }

    [Fact]
    public async Task Push_WriteGrant_Accepted_ReadGrant_Denied()
    {
        await CreateUserAsync("writer", "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE w_role", "w_role");
        await CreateUserAsync("reader", "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE r_role", "r_role");
        string writer = await TokenAsync("writer", Password, $"repository:{Image}:pull,push");
        string reader = await TokenAsync("reader", Password, $"repository:{Image}:pull,push");

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, UploadPath, writer)).StatusCode);
        HttpResponseMessage denied = await SendAsync(HttpMethod.Post, UploadPath, reader);
        Assert.Equal((HttpStatusCode.Forbidden, "DENIED"), (denied.StatusCode, await denied.ErrorCodeAsync()));
        Assert.NotEqual(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, TagsPath, reader)).StatusCode);
    }

    [Fact]
    public async Task Pull_UnknownRepository_SameDenialAsNotAllowed()
    {
        string token = await TokenAsync("ADMIN", RegistryHost.AdminPassword, "repository:db/sch/ghost/img:pull");

        HttpResponseMessage unknown = await SendAsync(HttpMethod.Get, "/v2/db/sch/ghost/img/tags/list", token);
        HttpResponseMessage notInToken = await SendAsync(HttpMethod.Get, TagsPath, token);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (unknown.StatusCode, notInToken.StatusCode));
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await notInToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Revoke_ThenRetry_RefusedOnTheNextRequest()
    {
        await CreateUserAsync("bob", "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE b_role", "b_role");
        string token = await TokenAsync("bob", Password, $"repository:{Image}:pull");
        Assert.NotEqual(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);

        await AdminSqlAsync("REVOKE READ ON IMAGE REPOSITORY db.sch.repo FROM ROLE b_role");

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);
    }

    [Fact]
    public async Task DisabledUser_TokenRefused()
    {
        await CreateUserAsync("carol", "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE c_role", "c_role");
        string token = await TokenAsync("carol", Password, $"repository:{Image}:pull");

        await AdminSqlAsync("ALTER USER carol SET DISABLED = TRUE");

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);
    }

    /// <summary>
    /// The gate keeps its decisions while the security version stands still: after a request has been
    /// allowed twice (the second from the memo), each kind of change refuses the very next request.
    /// </summary>
    [Theory]
    [InlineData("REVOKE ROLE d_role FROM USER dave", HttpStatusCode.Forbidden)]
    [InlineData("REVOKE USAGE ON SCHEMA db.sch FROM ROLE d_role", HttpStatusCode.Forbidden)]
    [InlineData("REVOKE ROLE d_inner FROM ROLE d_role", HttpStatusCode.Forbidden)]
    [InlineData("DROP IMAGE REPOSITORY db.sch.repo", HttpStatusCode.Forbidden)]
    [InlineData("DROP SCHEMA db.sch", HttpStatusCode.Forbidden)]
    [InlineData("ALTER USER dave SET DISABLED = TRUE", HttpStatusCode.Unauthorized)]
    [InlineData("DROP USER dave", HttpStatusCode.Unauthorized)]
    public async Task Pull_ChangeAfterRepeatedRequests_RefusedOnTheNextRequest(string change, HttpStatusCode expected)
    {
        await CreateUserAsync("dave", "CREATE ROLE d_inner; GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE d_inner; GRANT ROLE d_inner TO ROLE d_role", "d_role");
        string token = await TokenAsync("dave", Password, $"repository:{Image}:pull");
        // The image has no tags yet: 404 NAME_UNKNOWN from the endpoint means the gate let the request through.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);

        await AdminSqlAsync(change);

        Assert.Equal(expected, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);
    }

    [Fact]
    public async Task Push_GrantBackAfterRepeatedDenials_AllowedOnTheNextRequest()
    {
        await CreateUserAsync("gail", "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE g_role", "g_role");
        string token = await TokenAsync("gail", Password, $"repository:{Image}:pull,push");
        await AdminSqlAsync("REVOKE WRITE ON IMAGE REPOSITORY db.sch.repo FROM ROLE g_role");
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, UploadPath, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, UploadPath, token)).StatusCode);

        await AdminSqlAsync("GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE g_role");

        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(HttpMethod.Post, UploadPath, token)).StatusCode);
    }

    [Fact]
    public async Task Delete_AnyValidToken_405Unsupported()
    {
        string token = await TokenAsync("ADMIN", RegistryHost.AdminPassword);

        HttpResponseMessage response = await SendAsync(HttpMethod.Delete, "/v2/" + Image + "/manifests/latest", token);

        Assert.Equal((HttpStatusCode.MethodNotAllowed, "UNSUPPORTED"), (response.StatusCode, await response.ErrorCodeAsync()));
    }

    [Fact]
    public async Task BasicCredentialsOnV2_401()
    {
        using HttpRequestMessage request = new(HttpMethod.Get, TagsPath);
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("ADMIN:" + RegistryHost.AdminPassword)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Catalog_ListsOnlyWhatTheCallerMayPull()
    {
        await _host.CreateRepositoryAsync("db/sch/hidden");
        string admin = await TokenAsync("ADMIN", RegistryHost.AdminPassword, $"repository:{Image}:pull,push", "repository:db/sch/hidden/img:pull,push");
        await PushImageAsync(admin, Image);
        await PushImageAsync(admin, "db/sch/hidden/img");
        await CreateUserAsync("lister", "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE l_role", "l_role");
        string lister = await TokenAsync("lister", Password, "registry:catalog:*");

        HttpResponseMessage response = await SendAsync(HttpMethod.Get, "/v2/_catalog", lister);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([Image], body.RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Catalog_PagesOverThePullableNamesOnly()
    {
        await _host.CreateRepositoryAsync("db/sch/hidden");
        await _host.CreateRepositoryAsync("db/sch/zz");
        string admin = await TokenAsync("ADMIN", RegistryHost.AdminPassword,
            $"repository:{Image}:pull,push", "repository:db/sch/hidden/img:pull,push", "repository:db/sch/zz/img:pull,push");
        foreach (string name in new[] { Image, "db/sch/hidden/img", "db/sch/zz/img" })
        {
            await PushImageAsync(admin, name);
        }

        await CreateUserAsync("pager", "GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE p_role; GRANT READ ON IMAGE REPOSITORY db.sch.zz TO ROLE p_role", "p_role");
        string pager = await TokenAsync("pager", Password, "registry:catalog:*");

        HttpResponseMessage first = await SendAsync(HttpMethod.Get, "/v2/_catalog?n=1", pager);
        HttpResponseMessage second = await SendAsync(HttpMethod.Get, "/v2/_catalog?n=1&last=" + Uri.EscapeDataString(Image), pager);

        Assert.Equal([Image], await CatalogNamesAsync(first));
        Assert.True(first.Headers.Contains("Link"));
        Assert.Equal(["db/sch/zz/img"], await CatalogNamesAsync(second));
        Assert.False(second.Headers.Contains("Link"));
    }

    [Fact]
    public async Task Upload_ContinuedByAnotherUser_IsBlobUploadUnknown()
    {
        await CreateUserAsync("writer_a", "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE wa_role", "wa_role");
        await CreateUserAsync("writer_b", "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE wb_role", "wb_role");
        string first = await TokenAsync("writer_a", Password, $"repository:{Image}:pull,push");
        string second = await TokenAsync("writer_b", Password, $"repository:{Image}:pull,push");
        string location = (await SendAsync(HttpMethod.Post, UploadPath, first)).Headers.Location!.OriginalString;

        HttpResponseMessage stranger = await SendAsync(HttpMethod.Get, location, second);
        HttpResponseMessage owner = await SendAsync(HttpMethod.Get, location, first);

        Assert.Equal((HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN"), (stranger.StatusCode, await stranger.ErrorCodeAsync()));
        Assert.Equal(HttpStatusCode.NoContent, owner.StatusCode);
    }

    [Fact]
    public async Task Mount_FromRepositoryCallerCannotPull_BecomesAnUpload()
    {
        await AdminSqlAsync("CREATE IMAGE REPOSITORY db.sch.secret");
        string admin = await TokenAsync("ADMIN", RegistryHost.AdminPassword, "repository:db/sch/secret/img:pull,push", $"repository:{Image}:pull,push");
        await PushImageAsync(admin, "db/sch/secret/img");
        string digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("{}")));
        await CreateUserAsync("mounter", "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE m_role", "m_role");
        string mounter = await TokenAsync("mounter", Password, $"repository:{Image}:pull,push", "repository:db/sch/secret/img:pull");

        HttpResponseMessage named = await SendAsync(HttpMethod.Post, $"{UploadPath}?mount={digest}&from=db/sch/secret/img", mounter);
        HttpResponseMessage discovered = await SendAsync(HttpMethod.Post, $"{UploadPath}?mount={digest}", mounter);
        HttpResponseMessage allowed = await SendAsync(HttpMethod.Post, $"{UploadPath}?mount={digest}&from=db/sch/secret/img", admin);

        Assert.Equal(HttpStatusCode.Accepted, named.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, discovered.StatusCode);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
    }

    private static async Task<string[]> CatalogNamesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return [.. body.RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()!)];
    }

    /// <summary>Pushes a manifest with no layers (empty config blob) to <paramref name="name"/>:latest with the token.</summary>
    private async Task PushImageAsync(string token, string name)
    {
        byte[] config = Encoding.UTF8.GetBytes("{}");
        string digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(config));
        using (HttpRequestMessage upload = new(HttpMethod.Post, $"/v2/{name}/blobs/uploads/?digest={digest}") { Content = new ByteArrayContent(config) })
        {
            upload.Headers.Host = Host;
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.Created, (await Client.SendAsync(upload)).StatusCode);
        }

        string manifest = $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{digest}\",\"size\":{config.Length}}},\"layers\":[]}}";
        using HttpRequestMessage put = new(HttpMethod.Put, $"/v2/{name}/manifests/latest") { Content = new StringContent(manifest) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        put.Headers.Host = Host;
        put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response = await Client.SendAsync(put);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TokenOfOneAccount_RefusedOnAnotherAccountsHost()
    {
        const string otherHost = "local-acme.registry.localhost:5000";
        await AdminSqlAsync("CREATE ACCOUNT acme ADMIN_NAME = boss ADMIN_PASSWORD = 'acme-secret-1'");
        string boss = await Client.LoginAsync("boss", "acme-secret-1", otherHost);
        await Client.SqlOkAsync(boss, "CREATE DATABASE db; CREATE SCHEMA db.sch; CREATE IMAGE REPOSITORY db.sch.repo", otherHost);
        string token = await TokenAsync("ADMIN", RegistryHost.AdminPassword, $"repository:{Image}:pull");

        using HttpRequestMessage request = new(HttpMethod.Get, TagsPath);
        request.Headers.Host = otherHost;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);
    }

    [Theory]
    [InlineData("none")]
    [InlineData("wrong-key")]
    [InlineData("expired")]
    [InlineData("not-yet-valid")]
    [InlineData("tampered")]
    [InlineData("other-audience")]
    [InlineData("other-account")]
    public async Task ForgedOrStaleToken_401(string forgery)
    {
        string token = await ForgeAsync(forgery);

        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, TagsPath, token)).StatusCode);
    }

    [Fact]
    public async Task ForgeAsync_Genuine_IsAccepted() =>
        Assert.NotEqual(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Get, TagsPath, await ForgeAsync("genuine"))).StatusCode);

    private const string Password = "pw-user-12345";

    private async Task<string> ForgeAsync(string forgery)
    {
        RegistryKeySet keys = await _host.Service<RegistryTokenKeys, RegistryTokenKeys>().CurrentAsync(CancellationToken.None);
        DateTime now = DateTime.UtcNow;
        using System.Security.Cryptography.ECDsa other = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        SecurityKey key = forgery == "wrong-key" ? new ECDsaSecurityKey(other) { KeyId = keys.Signing.KeyId } : keys.Signing;
        string access = $"[{{\"type\":\"repository\",\"name\":\"{Image}\",\"actions\":[\"pull\",\"push\"]}}]";
        SecurityTokenDescriptor descriptor = new()
        {
            Issuer = "floe",
            Audience = forgery == "other-audience" ? "local-other.registry.localhost" : "local-dev.registry.localhost",
            IssuedAt = now,
            NotBefore = forgery == "not-yet-valid" ? now.AddMinutes(10) : now.AddMinutes(-20),
            Expires = forgery == "expired" ? now.AddMinutes(-5) : forgery == "not-yet-valid" ? now.AddMinutes(15) : now.AddMinutes(5),
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "ADMIN",
                ["access"] = JsonDocument.Parse(access).RootElement.Clone(),
                [RegistryTokenIssuer.AccountIdClaim] = forgery == "other-account" ? "999" : _host.Account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [RegistryTokenIssuer.UserIdClaim] = "1",
            },
        };
        if (forgery != "none")
        {
            descriptor.SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256);
        }

        string token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
        return forgery == "tampered" ? Tamper(token) : token;
    }

    /// <summary>The same signature over a payload whose subject changed.</summary>
    private static string Tamper(string token)
    {
        string[] parts = token.Split('.');
        string payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("\"ADMIN\"", "\"ROOT\"", StringComparison.Ordinal);
        return $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }

    private static string? Challenge(HttpResponseMessage response) =>
        response.Headers.WwwAuthenticate.Count == 1 ? response.Headers.WwwAuthenticate.ToString() : null;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token)
    {
        using HttpRequestMessage request = new(method, path);
        request.Headers.Host = Host;
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Client.SendAsync(request);
    }

    private async Task<string> TokenAsync(string user, string secret, params string[] scopes)
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync(user, secret, scopes)).TokenBodyAsync();
        return body.GetProperty("token").GetString()!;
    }

    private async Task AdminSqlAsync(string sql)
    {
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, Host);
        await Client.SqlOkAsync(admin, sql, Host);
    }

    private Task CreateUserAsync(string user, string grant, string role) => AdminSqlAsync(
        $"CREATE USER {user} PASSWORD = '{Password}'; CREATE ROLE {role}; GRANT USAGE ON DATABASE db TO ROLE {role}; " +
        $"GRANT USAGE ON SCHEMA db.sch TO ROLE {role}; {grant}; GRANT ROLE {role} TO USER {user};");
}
