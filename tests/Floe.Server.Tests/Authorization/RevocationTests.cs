using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Floe.Server.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Floe.Server.Tests.Authorization;

/// <summary>
/// Registry tokens are re-checked against the grants of now on every request, so a
/// revocation, a dropped or disabled user, takes effect on the very next request made with a token
/// issued before it — including the rest of an upload opened before it.
/// </summary>
public sealed class RevocationTests : IAsyncLifetime
{
    private const string Host = RegistryHost.AccountHost;
    private const string Image = RegistryHost.RepositoryPath + "/img";
    private const string Scope = "repository:" + Image + ":pull,push";
    private const string Password = "pw-revoke-12345";

    private RegistryHost _host = null!;
    private string _admin = null!;
    private string _config = null!;

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync(s => s["RequireAuthentication"] = "true");
        byte[] manifest = await _host.Client.PrepareImageAsync(Image, "revocation");
        _config = JsonDocument.Parse(manifest).RootElement.GetProperty("config").GetProperty("digest").GetString()!;
        Assert.Equal(HttpStatusCode.Created, (await _host.Client.PutManifestAsync(Image, "latest", manifest)).StatusCode);
        _admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, Host);
        await Client.SqlOkAsync(_admin,
            "CREATE ROLE rev_role; GRANT USAGE ON DATABASE db TO ROLE rev_role; GRANT USAGE ON SCHEMA db.sch TO ROLE rev_role; " +
            "GRANT WRITE ON IMAGE REPOSITORY db.sch.repo TO ROLE rev_role; " +
            $"CREATE USER rev PASSWORD = '{Password}'; GRANT ROLE rev_role TO USER rev;", Host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>
    /// <paramref name="userGone"/>: the user can no longer authenticate, so the token is no longer valid
    /// (401 with the challenge); otherwise the token is valid but the grants fall short (403 DENIED).
    /// </summary>
    [Theory]
    [InlineData("REVOKE WRITE ON IMAGE REPOSITORY db.sch.repo FROM ROLE rev_role", false)]
    [InlineData("REVOKE ROLE rev_role FROM USER rev", false)]
    [InlineData("REVOKE USAGE ON SCHEMA db.sch FROM ROLE rev_role", false)]
    [InlineData("DROP ROLE rev_role", false)]
    [InlineData("DROP IMAGE REPOSITORY db.sch.repo", false)]
    [InlineData("DROP USER rev", true)]
    [InlineData("ALTER USER rev SET DISABLED = TRUE", true)]
    public async Task TokenIssuedBefore_RefusedOnTheNextRequest(string revocation, bool userGone)
    {
        string token = await TokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v2/{Image}/manifests/latest", token)).StatusCode);
        // A small blob is answered from memory once read: that must not outlive the right to read it.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v2/{Image}/blobs/{_config}", token)).StatusCode);
        HttpResponseMessage upload = await SendAsync(HttpMethod.Post, $"/v2/{Image}/blobs/uploads/", token);
        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        string location = upload.Headers.Location!.OriginalString;

        await Client.SqlOkAsync(_admin, revocation, Host);

        foreach ((HttpMethod method, string path) in new[]
        {
            (HttpMethod.Get, $"/v2/{Image}/manifests/latest"),
            (HttpMethod.Get, $"/v2/{Image}/blobs/{_config}"),
            (HttpMethod.Get, $"/v2/{Image}/tags/list"),
            (HttpMethod.Post, $"/v2/{Image}/blobs/uploads/"),
            (HttpMethod.Get, location),
            (HttpMethod.Put, $"{location}?digest={OciClient.DigestOf([])}"),
        })
        {
            HttpResponseMessage response = await SendAsync(method, path, token);
            Assert.True(
                (response.StatusCode, await response.ErrorCodeAsync()) == (userGone ? (HttpStatusCode.Unauthorized, "UNAUTHORIZED") : (HttpStatusCode.Forbidden, "DENIED")),
                $"{method} {path} after {revocation}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        HttpResponseMessage fresh = await Client.GetRegistryTokenAsync("rev", Password, [Scope]);
        if (userGone)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, fresh.StatusCode);
        }
        else
        {
            JsonElement body = await fresh.TokenBodyAsync();
            Assert.Empty(new JsonWebToken(body.GetProperty("token").GetString()!).Access());
        }
    }

    [Fact]
    public async Task RegrantAfterRevoke_SameTokenWorksAgain()
    {
        string token = await TokenAsync();
        await Client.SqlOkAsync(_admin, "REVOKE ROLE rev_role FROM USER rev", Host);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Get, $"/v2/{Image}/tags/list", token)).StatusCode);

        await Client.SqlOkAsync(_admin, "GRANT ROLE rev_role TO USER rev", Host);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v2/{Image}/tags/list", token)).StatusCode);
    }

    /// <summary>A token names its user by id: a user created after the drop, even one of the same name, is not its user.</summary>
    [Theory]
    [InlineData("rev")]
    [InlineData("newcomer")]
    public async Task DropUser_ThenCreateAnother_OldTokenStillRefused(string next)
    {
        string token = await TokenAsync();

        await Client.SqlOkAsync(_admin, $"DROP USER rev; CREATE USER {next} PASSWORD = '{Password}'; GRANT ROLE rev_role TO USER {next};", Host);

        HttpResponseMessage response = await SendAsync(HttpMethod.Get, $"/v2/{Image}/tags/list", token);
        Assert.Equal((HttpStatusCode.Unauthorized, "UNAUTHORIZED"), (response.StatusCode, await response.ErrorCodeAsync()));
    }

    /// <summary>SERVICE READ counts only for a SERVICE user, as the user is now: changing the type takes effect on the next request.</summary>
    [Fact]
    public async Task ServiceUserTurnedPerson_ServiceReadNoLongerPulls()
    {
        JsonElement pat = await Client.SqlOkAsync(_admin,
            "CREATE ROLE svc_role; GRANT USAGE ON DATABASE db TO ROLE svc_role; GRANT USAGE ON SCHEMA db.sch TO ROLE svc_role; " +
            "GRANT SERVICE READ ON IMAGE REPOSITORY db.sch.repo TO ROLE svc_role; CREATE USER svc TYPE = SERVICE; GRANT ROLE svc_role TO USER svc; " +
            "ALTER USER svc ADD PROGRAMMATIC ACCESS TOKEN ci", Host);
        string secret = pat.GetProperty("results").EnumerateArray().Last().Rows()[0][1]!;
        JsonElement body = await (await Client.GetRegistryTokenAsync("svc", secret, [$"repository:{Image}:pull"])).TokenBodyAsync();
        string token = body.GetProperty("token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v2/{Image}/tags/list", token)).StatusCode);

        await Client.SqlOkAsync(_admin, "ALTER USER svc SET TYPE = PERSON", Host);

        HttpResponseMessage response = await SendAsync(HttpMethod.Get, $"/v2/{Image}/tags/list", token);
        Assert.Equal((HttpStatusCode.Forbidden, "DENIED"), (response.StatusCode, await response.ErrorCodeAsync()));
    }

    private async Task<string> TokenAsync()
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync("rev", Password, [Scope])).TokenBodyAsync();
        string token = body.GetProperty("token").GetString()!;
        Assert.Equal([Scope], new JsonWebToken(token).Access());
        return token;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token)
    {
        using HttpRequestMessage request = new(method, path);
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd(OciClient.OciManifestType);
        return await Client.SendAsync(request);
    }
}
