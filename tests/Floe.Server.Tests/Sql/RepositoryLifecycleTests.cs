using System.Net;
using System.Text.Json;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Sql;

/// <summary>Image repositories made and dropped with SQL, pushed to and pulled from over the registry API.</summary>
public sealed class RepositoryLifecycleTests : IAsyncLifetime
{
    private const string Name = "tutorial_db/data_schema/tutorial_repo/my_echo_service_image";
    private RegistryHost _host = null!;
    private string _token = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync()
    {
        _host = await RegistryHost.StartAsync();
        _token = await Client.LoginAsync("ADMIN", RegistryHost.AdminPassword);
        await Client.SqlOkAsync(_token, "CREATE DATABASE tutorial_db; CREATE SCHEMA data_schema; CREATE IMAGE REPOSITORY tutorial_repo;");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ShowImageRepositories_Created_PrintsRepositoryUrlThatAcceptsPushes()
    {
        JsonElement shown = await Client.SqlOkAsync(_token, "SHOW IMAGE REPOSITORIES IN SCHEMA tutorial_db.data_schema");

        Assert.Equal(["created_on", "name", "database_name", "schema_name", "repository_url", "owner", "owner_role_type", "comment", "encryption"], shown.ColumnNames());
        string?[] row = Assert.Single(shown.Rows());
        Assert.Equal("TUTORIAL_REPO", row[1]);
        Assert.Equal("local-dev.registry.localhost:5000/tutorial_db/data_schema/tutorial_repo", row[4]);
        Assert.Equal("ACCOUNTADMIN", row[5]);
        string path = row[4]![row[4]!.IndexOf('/', StringComparison.Ordinal)..];
        byte[] manifest = await Client.PrepareImageAsync($"{path[1..]}/my_echo_service_image", "echo");
        Assert.Equal(HttpStatusCode.Created, (await Client.PutManifestAsync($"{path[1..]}/my_echo_service_image", "latest", manifest)).StatusCode);
    }

    [Fact]
    public async Task ShowImages_AfterPush_ListsOneRowPerTagAndUntaggedManifest()
    {
        byte[] tagged = await Client.PrepareImageAsync(Name, "tagged");
        byte[] untagged = await Client.PrepareImageAsync(Name, "untagged");
        await Client.PutManifestAsync(Name, "latest", tagged);
        await Client.PutManifestAsync(Name, "v1", tagged);
        await Client.PutManifestAsync(Name, OciClient.DigestOf(untagged).ToString(), untagged);

        JsonElement images = await Client.SqlOkAsync(_token, "SHOW IMAGES IN IMAGE REPOSITORY tutorial_db.data_schema.tutorial_repo");

        Assert.Equal(["created_on", "image_name", "tags", "digest", "image_path"], images.ColumnNames());
        string?[][] rows = images.Rows();
        Assert.Equal(3, rows.Length);
        Digest taggedDigest = OciClient.DigestOf(tagged);
        Assert.Contains(rows, r => r[2] == "latest" && r[3] == taggedDigest.ToString() && r[4] == "tutorial_db/data_schema/tutorial_repo/my_echo_service_image:latest");
        Assert.Contains(rows, r => r[2] == "v1" && r[4] == "tutorial_db/data_schema/tutorial_repo/my_echo_service_image:v1");
        Assert.Contains(rows, r => r[2] == "" && r[4] == $"tutorial_db/data_schema/tutorial_repo/my_echo_service_image@{OciClient.DigestOf(untagged)}");
        Assert.All(rows, r => Assert.Equal("my_echo_service_image", r[1]));
    }

    [Fact]
    public async Task DropImageRepository_AfterPush_PullsFailAtOnce()
    {
        byte[] manifest = await Client.PrepareImageAsync(Name, "doomed");
        await Client.PutManifestAsync(Name, "latest", manifest);

        JsonElement dropped = await Client.SqlOkAsync(_token, "DROP IMAGE REPOSITORY tutorial_db.data_schema.tutorial_repo");
        HttpResponseMessage pull = await Client.GetAsync($"/v2/{Name}/manifests/latest");

        Assert.Equal("TUTORIAL_REPO successfully dropped.", dropped.Rows()[0][0]);
        Assert.Equal(HttpStatusCode.Forbidden, pull.StatusCode);
        Assert.Equal("DENIED", await pull.ErrorCodeAsync());
    }

    [Fact]
    public async Task DropDatabase_WithRepository_RegistryForgetsIt()
    {
        await Client.PushBlobAsync(Name, OciClient.Bytes("layer"));

        await Client.SqlOkAsync(_token, "DROP DATABASE tutorial_db");
        HttpResponseMessage push = await Client.PostAsync($"/v2/{Name}/blobs/uploads/", null);

        Assert.Equal(HttpStatusCode.Forbidden, push.StatusCode);
    }

    [Fact]
    public async Task TwoAccounts_SameNames_EachSeesOnlyItsOwn()
    {
        const string otherHost = "local-acme.registry.localhost:5000";
        await Client.SqlOkAsync(_token, "CREATE ACCOUNT acme ADMIN_NAME = boss ADMIN_PASSWORD = 'acme-secret-1'");
        string otherToken = await Client.LoginAsync("boss", "acme-secret-1", otherHost);
        await Client.SqlOkAsync(otherToken, "CREATE DATABASE tutorial_db; CREATE SCHEMA data_schema; CREATE IMAGE REPOSITORY tutorial_repo COMMENT = 'acme'", otherHost);
        byte[] manifest = await Client.PrepareImageAsync(Name, "dev-only");
        await Client.PutManifestAsync(Name, "dev", manifest);

        string bossRegistryToken = (await (await _host.RawClient.GetRegistryTokenAsync("boss", "acme-secret-1", [$"repository:{Name}:pull"], host: otherHost)).TokenBodyAsync()).GetProperty("token").GetString()!;
        using HttpRequestMessage pull = new(HttpMethod.Get, $"/v2/{Name}/manifests/dev");
        pull.Headers.Host = otherHost;
        pull.Headers.Authorization = new("Bearer", bossRegistryToken);
        HttpResponseMessage otherPull = await _host.RawClient.SendAsync(pull);
        JsonElement otherRepos = await Client.SqlOkAsync(otherToken, "SHOW IMAGE REPOSITORIES IN ACCOUNT", otherHost);
        HttpResponseMessage crossLogin = await Client.RequestTokenAsync("ADMIN", RegistryHost.AdminPassword, host: otherHost);
        HttpResponseMessage crossToken = await Client.SqlAsync(_token, "SELECT CURRENT_ACCOUNT()", host: otherHost);

        Assert.Equal(HttpStatusCode.NotFound, otherPull.StatusCode);
        Assert.Equal("acme", Assert.Single(otherRepos.Rows())[7]);
        Assert.Equal("local-acme.registry.localhost:5000/tutorial_db/data_schema/tutorial_repo", otherRepos.Rows()[0][4]);
        Assert.Equal(HttpStatusCode.Unauthorized, crossLogin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, crossToken.StatusCode);
    }
}
