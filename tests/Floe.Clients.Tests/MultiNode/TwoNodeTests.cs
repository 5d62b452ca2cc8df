using System.Net;
using System.Net.Http.Headers;
using Floe.Clients.Tests.Infrastructure;
using Floe.Testing;

namespace Floe.Clients.Tests.MultiNode;

/// <summary>
/// Two real <c>floe serve</c> processes — two nodes of one deployment — on one PostgreSQL database,
/// each with its own data directory whose <c>storage/</c> is the same shared directory (as a shared
/// filesystem mount would be). What one node commits is enforced by the other on the very next request:
/// a revoked grant, a disabled user, a dropped repository, a rotated signing key.
/// </summary>
public sealed class TwoNodeTests : IAsyncLifetime
{
    private const string Password = "two-node-reader-1";

    private readonly TestMetadataDatabase _database = TestMetadataDatabase.CreatePostgres();
    private readonly ScratchDirectory _shared = ScratchDirectory.Create("f2n");
    private OciLayout _layout = null!;
    private FloeProcess _nodeA = null!;
    private FloeProcess _nodeB = null!;

    public async Task InitializeAsync()
    {
        _layout = await OciLayout.InitAsync();
        await _layout.AddImageAsync("v1", "amd64");
        string blobs = _shared.Combine("storage");
        Directory.CreateDirectory(blobs);
        // Node A rotates its signing key whenever it is older than a second; node B would re-read the keys only hourly.
        _nodeA = await StartNodeAsync(blobs, new() { ["FLOE_SIGNINGKEYLIFETIME"] = "00:00:01" });
        _nodeB = await StartNodeAsync(blobs, new() { ["FLOE_SIGNINGKEYREFRESHINTERVAL"] = "01:00:00" });
    }

    public async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
        _layout.Dispose();
        await _shared.DeleteAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task RevokeOnNodeA_NextPullOnNodeB_Refused()
    {
        string image = await PushAndGrantReaderAsync("reader_revoke");
        Assert.Equal(0, (await PullAsync(_nodeB, "reader_revoke", image)).ExitCode);

        await _nodeA.SqlAsync($"REVOKE READ ON IMAGE REPOSITORY {Repository} FROM ROLE reader_revoke_role");

        Tool.Run refused = await PullAsync(_nodeB, "reader_revoke", image);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("denied", refused.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task DisableUserOnNodeA_NextPullOnNodeB_Refused()
    {
        string image = await PushAndGrantReaderAsync("reader_disabled");
        Assert.Equal(0, (await PullAsync(_nodeB, "reader_disabled", image)).ExitCode);

        await _nodeA.SqlAsync("ALTER USER reader_disabled SET DISABLED = TRUE");

        Tool.Run refused = await PullAsync(_nodeB, "reader_disabled", image);
        Assert.NotEqual(0, refused.ExitCode);
    }

    [Fact]
    public async Task DropRepositoryOnNodeA_NextPullOnNodeB_Refused()
    {
        string image = await PushAndGrantReaderAsync("reader_dropped");
        Assert.Equal(0, (await PullAsync(_nodeB, "reader_dropped", image)).ExitCode);

        await _nodeA.SqlAsync($"DROP IMAGE REPOSITORY {Repository}");

        Tool.Run refused = await PullAsync(_nodeB, "reader_dropped", image);
        Assert.NotEqual(0, refused.ExitCode);
    }

    [Fact]
    public async Task KeyRotatedOnNodeA_TokenItSigns_VerifiesOnNodeB()
    {
        await PushAsync();
        // Node B has read the first key; once it is older than node A's lifetime, A's next token is signed by a new one.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        string token = await _nodeA.RegistryTokenAsync($"repository:{Path}:pull");

        using HttpClient client = _nodeB.CreateClient();
        using HttpRequestMessage request = new(HttpMethod.Get, $"/v2/{Path}/manifests/v1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.oci.image.manifest.v1+json"));
        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private const string Repository = "two.sch.repo";

    private const string Path = "two/sch/repo/app";

    private async Task<FloeProcess> StartNodeAsync(string blobs, Dictionary<string, string> environment)
    {
        string dataDir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "floe-node-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        // Blobs live in <DataDir>/storage: each node's is a link to the one shared directory.
        Directory.CreateSymbolicLink(System.IO.Path.Combine(dataDir, "storage"), blobs);
        foreach ((string name, string value) in _database.EnvironmentVariables)
        {
            environment[name] = value;
        }

        return await FloeProcess.StartInAsync(dataDir, environment);
    }

    /// <summary>Pushes <c>app:v1</c> through node A as the admin.</summary>
    private async Task PushAsync()
    {
        await _nodeA.SqlAsync($"CREATE DATABASE IF NOT EXISTS two; CREATE SCHEMA IF NOT EXISTS two.sch; CREATE IMAGE REPOSITORY IF NOT EXISTS {Repository};");
        await Tool.CheckedAsync("skopeo", "--insecure-policy", "copy", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials,
            $"oci:{_layout.Path}:v1", $"docker://{_nodeA.Host}/{Path}:v1");
    }

    /// <summary>Pushes through node A and gives <paramref name="user"/> a role with READ on the repository (through node A).</summary>
    private async Task<string> PushAndGrantReaderAsync(string user)
    {
        await PushAsync();
        string role = user + "_role";
        await _nodeA.SqlAsync(
            $"CREATE USER {user} PASSWORD = '{Password}'; CREATE ROLE {role}; GRANT USAGE ON DATABASE two TO ROLE {role}; " +
            $"GRANT USAGE ON SCHEMA two.sch TO ROLE {role}; GRANT READ ON IMAGE REPOSITORY {Repository} TO ROLE {role}; GRANT ROLE {role} TO USER {user};");
        return $"{Path}:v1";
    }

    private static Task<Tool.Run> PullAsync(FloeProcess node, string user, string image) =>
        Tool.RunAsync("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", user + ":" + Password, $"docker://{node.Host}/{image}");
}
