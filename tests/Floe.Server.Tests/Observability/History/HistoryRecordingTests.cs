using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Observability.History;

/// <summary>
/// Login, query and registry history through the real server: what a session login, a statement and a
/// pull leave in LOGIN_HISTORY, QUERY_HISTORY and REGISTRY_HISTORY, and who may see which rows.
/// </summary>
public sealed class HistoryRecordingTests : IAsyncLifetime
{
    private const string Host = RegistryHost.AccountHost;
    private const string Image = RegistryHost.RepositoryPath + "/img";
    private const string AlicePassword = "alice-Secret-42";
    private const string BobPassword = "Bob-Secret-Never-Shown";

    private RegistryHost _host = null!;

    private HttpClient Client => _host.RawClient;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync(s =>
    {
        s["RequireAuthentication"] = "true";
        s["HistoryFlushInterval"] = "00:00:00.050";
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task History_LoginStatementAndPull_ShowUpWithEachUserSeeingOnlyTheirOwnRows()
    {
        string admin = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword, Host);
        await Client.SqlOkAsync(admin,
            $"CREATE USER alice PASSWORD = '{AlicePassword}'; CREATE ROLE dev; GRANT USAGE ON DATABASE db TO ROLE dev; " +
            "GRANT USAGE ON SCHEMA db.sch TO ROLE dev; GRANT READ ON IMAGE REPOSITORY db.sch.repo TO ROLE dev; GRANT ROLE dev TO USER alice; " +
            $"CREATE USER bob PASSWORD = '{BobPassword}'", Host);
        await PushImageAsync(await RegistryTokenAsync("ADMIN", RegistryHost.AdminPassword, "pull,push"));

        // Alice: a refused login, a session login, a statement, a registry login and a pull.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.RequestTokenAsync("alice", "wrong-password", host: Host)).StatusCode);
        string alice = await Client.LoginAsync("alice", AlicePassword, Host);
        await Client.SqlOkAsync(alice, "SHOW IMAGE REPOSITORIES IN ACCOUNT", Host);
        string pullToken = await RegistryTokenAsync("alice", AlicePassword, "pull");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, $"/v2/{Image}/manifests/latest", pullToken)).StatusCode);

        string?[][] alicesPulls = await WaitForRowsAsync(alice, "REGISTRY_HISTORY", rows => rows.Length > 0);
        string?[][] alicesLogins = (await HistoryAsync(alice, "LOGIN_HISTORY")).Rows();
        string?[][] alicesQueries = (await HistoryAsync(alice, "QUERY_HISTORY")).Rows();

        // Alice sees her own rows only: her pull (not the admin's push), her logins, her statements.
        string?[] pull = Assert.Single(alicesPulls);
        Assert.Equal("ALICE pull DB.SCH.REPO img latest", string.Join(' ', pull[2], pull[4], pull[5], pull[6], pull[7]));
        Assert.StartsWith("sha256:", pull[8], StringComparison.Ordinal);
        Assert.All(alicesLogins, row => Assert.Equal("ALICE", row[3]));
        Assert.Equal("YES YES NO", string.Join(' ', alicesLogins.Select(row => row[9])));
        Assert.Equal("PASSWORD 390100", string.Join(' ', alicesLogins[2][7], alicesLogins[2][10]));
        Assert.All(alicesQueries, row => Assert.Equal("ALICE", row[5]));
        Assert.Contains(alicesQueries, row => row[1] == "SHOW IMAGE REPOSITORIES IN ACCOUNT" && row[7] == "SUCCESS");

        // Another user's rows need ACCOUNTADMIN or MONITOR.
        HttpResponseMessage refused = await Client.SqlAsync(alice,
            "SELECT * FROM TABLE(INFORMATION_SCHEMA.LOGIN_HISTORY_BY_USER(USER_NAME => 'ADMIN'))", host: Host);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("\"003001\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The admin sees everyone's, and the password of CREATE USER is masked.
        string?[][] registry = (await HistoryAsync(admin, "REGISTRY_HISTORY")).Rows();
        Assert.Equal(["ALICE pull", "ADMIN push"], registry.Select(row => row[2] + " " + row[4]));
        JsonElement queries = await HistoryAsync(admin, "QUERY_HISTORY", "RESULT_LIMIT => 1000");
        Assert.Equal("QUERY_ID", queries.ColumnNames()[0]);
        Assert.Contains(queries.Rows(), row => row[1] == "CREATE USER bob PASSWORD = '****'" && row[4] == "CREATE_USER" && row[6] == "ACCOUNTADMIN");
        Assert.Contains(queries.Rows(), row => row[5] == "ALICE");
        Assert.DoesNotContain(BobPassword, queries.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(AlicePassword, queries.GetRawText(), StringComparison.Ordinal);
    }

    private async Task<JsonElement> HistoryAsync(string token, string function, string arguments = "") =>
        await Client.SqlOkAsync(token, $"SELECT * FROM TABLE(INFORMATION_SCHEMA.{function}({arguments}))", Host);

    /// <summary>History is written in the background: polls until the rows are there (or gives up after a generous wait).</summary>
    private async Task<string?[][]> WaitForRowsAsync(string token, string function, Func<string?[][], bool> ready)
    {
        for (int attempt = 0; ; attempt++)
        {
            string?[][] rows = (await HistoryAsync(token, function)).Rows();
            if (ready(rows) || attempt == 200)
            {
                return rows;
            }

            await Task.Delay(50);
        }
    }

    private async Task<string> RegistryTokenAsync(string user, string secret, string actions)
    {
        JsonElement body = await (await Client.GetRegistryTokenAsync(user, secret, [$"repository:{Image}:{actions}"])).TokenBodyAsync();
        return body.GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        using HttpRequestMessage request = new(method, path) { Content = content };
        request.Headers.Host = Host;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Client.SendAsync(request);
    }

    /// <summary>Pushes a manifest with no layers (empty config blob) to img:latest.</summary>
    private async Task PushImageAsync(string token)
    {
        byte[] config = Encoding.UTF8.GetBytes("{}");
        string digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(config));
        Assert.Equal(HttpStatusCode.Created,
            (await SendAsync(HttpMethod.Post, $"/v2/{Image}/blobs/uploads/?digest={digest}", token, new ByteArrayContent(config))).StatusCode);
        string manifest = $"{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"{digest}\",\"size\":{config.Length}}},\"layers\":[]}}";
        StringContent body = new(manifest);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.oci.image.manifest.v1+json");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Put, $"/v2/{Image}/manifests/latest", token, body)).StatusCode);
    }
}
