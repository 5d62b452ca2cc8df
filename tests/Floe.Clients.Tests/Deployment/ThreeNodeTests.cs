using System.Security.Cryptography;
using Floe.Clients.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Floe.Clients.Tests.Deployment;

/// <summary>
/// The real clients against three <c>floe serve</c> nodes behind nginx (round-robin, no stickiness) on
/// one PostgreSQL database and one S3 bucket, started by deploy/three-nodes/run.sh as docs/deployment.md
/// shows (<see cref="ThreeNodeDeployment"/>). docker and skopeo push and pull multi-layer and
/// multi-arch images whose uploads are continued on other nodes than the ones that began them (nginx's
/// access log names the node of every request, and that node's own access log has the request); a node
/// killed with SIGKILL in the middle of a push leaves nothing corrupt and the push completes through the
/// other nodes; a grant revoked through one node refuses the next pull through any other.
/// </summary>
[Collection(DockerDaemonCollection.Name)]
[Trait("MetadataStore", "own-postgres")]
public sealed class ThreeNodeTests : IClassFixture<ThreeNodeDeployment>, IDisposable
{
    private const string Password = "three-node-reader-1";
    private readonly ThreeNodeDeployment _deployment;
    private readonly DockerDaemon _daemon;
    private readonly ITestOutputHelper _output;
    private readonly List<DockerClient> _clients = [];
    private readonly List<IDisposable> _layouts = [];

    public ThreeNodeTests(ThreeNodeDeployment deployment, DockerDaemon daemon, ITestOutputHelper output)
    {
        _deployment = deployment;
        _daemon = daemon;
        _output = output;
    }

    public void Dispose()
    {
        _clients.ForEach(client => client.Dispose());
        _layouts.ForEach(layout => layout.Dispose());
    }

    [Fact]
    public async Task DockerPush_MultiLayerImageThroughNginx_UploadsContinueOnOtherNodesAndPullGivesItBack()
    {
        string repository = await NewRepositoryAsync();
        string image = $"{_deployment.Host}/{repository}/app:v1";
        DockerClient docker = await LoggedInDockerAsync();
        await docker.BuildLayersAsync(image, RandomFiles(5, 256 * 1024));
        string layers = await LayersAsync(docker, image);

        await docker.CheckedAsync("push", image);
        string pushed = await RepoDigestAsync(docker, image);
        await docker.CheckedAsync("rmi", image);
        await docker.CheckedAsync("pull", image);

        Assert.Equal(pushed, await RepoDigestAsync(docker, image));
        Assert.Equal(layers, await LayersAsync(docker, image));
        AssertUploadsContinuedOnAnotherNode(repository);
    }

    [Fact]
    public async Task SkopeoCopyAll_MultiArchMultiLayerIndexThroughNginx_UploadsContinueOnOtherNodesAndPulledBackByteExact()
    {
        string repository = await NewRepositoryAsync();
        OciLayout layout = await OciLayout.InitAsync();
        _layouts.Add(layout);
        await layout.AddImageAsync("amd64", "amd64", 200_000, 300_000);
        await layout.AddImageAsync("arm64", "arm64", 200_000, 300_000);
        await layout.AddIndexAsync("multi", "amd64", "arm64");
        string reference = $"docker://{_deployment.Host}/{repository}/multi:latest";

        await Skopeo("copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{layout.Path}:multi", reference);
        OciLayout pulled = await OciLayout.InitAsync();
        _layouts.Add(pulled);
        await Skopeo("copy", "--all", "--preserve-digests", "--src-tls-verify=false", "--src-creds", FloeProcess.AdminCredentials, reference, $"oci:{pulled.Path}:latest");

        Assert.Equal(11, pulled.BlobDigests().Count); // index + 2 × (manifest, config, 3 layers)
        foreach (string digest in pulled.BlobDigests())
        {
            Assert.Equal(await layout.ReadBlobAsync(digest), await pulled.ReadBlobAsync(digest));
        }

        AssertUploadsContinuedOnAnotherNode(repository);
    }

    [Fact]
    public async Task NodeSigkilledDuringDockerPush_PushCompletesThroughTheOthers_NothingCorruptAndPullGivesItBack()
    {
        string repository = await NewRepositoryAsync();
        string image = $"{_deployment.Host}/{repository}/big:v1";
        DockerClient docker = await LoggedInDockerAsync();
        await docker.BuildLayersAsync(image, RandomFiles(6, 8 << 20));
        string layers = await LayersAsync(docker, image);
        const int Victim = 2;

        Task<Tool.Run> push = docker.RunAsync("push", image);
        // The kill lands once an upload of this push has begun, while its layers' bodies are on their way.
        while (!push.IsCompleted && !_deployment.ProxiedRequests().Any(r => r.Method == "POST" && r.Uri.StartsWith($"/v2/{repository}/", StringComparison.Ordinal)))
        {
            await Task.Delay(20);
        }

        await _deployment.KillNodeAsync(Victim);
        // The client's retry: docker pushes a layer whose upload failed again by itself, and nginx sends it to a live node.
        Tool.Run pushed = await push;
        List<ThreeNodeDeployment.ProxiedRequest> requests = [.. _deployment.ProxiedRequests().Where(r => r.Uri.StartsWith($"/v2/{repository}/", StringComparison.Ordinal))];
        _output.WriteLine(
            $"push with node {Victim} killed: exit {pushed.ExitCode}; {requests.Count(r => r.Status == 502)} requests cut off by the kill, " +
            $"{requests.Count(r => r.Upstreams.Count > 1)} passed over the dead node\n{pushed.Output}");
        Assert.True(pushed.ExitCode == 0, pushed.Output);
        string digest = await RepoDigestAsync(docker, image);

        Tool.Run fsck = await _deployment.FsckAsync();
        Assert.True(fsck.ExitCode == 0, fsck.Output);
        Assert.Contains(": 0 problems", fsck.Stdout, StringComparison.Ordinal);
        await docker.CheckedAsync("rmi", image);
        await docker.CheckedAsync("pull", image);
        Assert.Equal(digest, await RepoDigestAsync(docker, image));
        Assert.Equal(layers, await LayersAsync(docker, image));
        // run.sh starts the killed node again, as a service manager would; the other tests find three nodes.
        await _deployment.WaitUntilNodeReadyAsync(Victim);
    }

    [Fact]
    public async Task GrantRevokedThroughOneNode_NextPullThroughEveryOtherNodeAndNginx_Refused()
    {
        string repository = await NewRepositoryAsync();
        string sqlName = repository.Replace('/', '.');
        string database = sqlName.Split('.')[0];
        OciLayout layout = await OciLayout.InitAsync();
        _layouts.Add(layout);
        await layout.AddImageAsync("v1", "amd64");
        await Skopeo("copy", "--dest-tls-verify=false", "--dest-creds", FloeProcess.AdminCredentials, $"oci:{layout.Path}:v1", $"docker://{_deployment.Host}/{repository}/app:v1");
        await _deployment.SqlAsync(
            $"CREATE USER revoked_reader PASSWORD = '{Password}'; CREATE ROLE revoked_reader_role; " +
            $"GRANT USAGE ON DATABASE {database} TO ROLE revoked_reader_role; GRANT USAGE ON SCHEMA {database}.sch TO ROLE revoked_reader_role; " +
            $"GRANT READ ON IMAGE REPOSITORY {sqlName} TO ROLE revoked_reader_role; GRANT ROLE revoked_reader_role TO USER revoked_reader;");
        string[] hosts = [_deployment.Host, .. _deployment.NodePorts.Select(port => $"127.0.0.1:{port}")];
        foreach (string host in hosts)
        {
            Assert.Equal(0, (await InspectAsync(host, $"{repository}/app:v1")).ExitCode);
        }

        await _deployment.SqlOnNodeAsync(1, $"REVOKE READ ON IMAGE REPOSITORY {sqlName} FROM ROLE revoked_reader_role");

        // At once, with no wait: nginx three times (each node once, round-robin), then nodes 2 and 3 directly.
        foreach (string host in (string[])[_deployment.Host, _deployment.Host, _deployment.Host, .. hosts[2..]])
        {
            Tool.Run refused = await InspectAsync(host, $"{repository}/app:v1");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("denied", refused.Output, StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>
    /// Some upload of the repository's pushes had its PATCH or PUT requests answered by at least two
    /// nodes (nginx's log), and each of those requests is in the answering node's own access log under
    /// the request id it returned, with its route kind.
    /// </summary>
    private void AssertUploadsContinuedOnAnotherNode(string repository)
    {
        string uploads = $"/v2/{repository}/";
        List<IGrouping<string, ThreeNodeDeployment.ProxiedRequest>> spread = [.. _deployment.ProxiedRequests()
            .Where(r => r.Method is "PATCH" or "PUT" && r.Status is 201 or 202 && r.Uri.StartsWith(uploads, StringComparison.Ordinal) && r.Uri.Contains("/blobs/uploads/", StringComparison.Ordinal))
            .GroupBy(r => r.Uri, StringComparer.Ordinal)
            .Where(upload => upload.Select(r => r.Upstream).Distinct(StringComparer.Ordinal).Count() >= 2)];
        Assert.NotEmpty(spread);
        foreach (ThreeNodeDeployment.ProxiedRequest request in spread.SelectMany(upload => upload))
        {
            int node = _deployment.NodeAt(request.Upstream);
            string route = request.Method == "PATCH" ? "upload_chunk" : "upload_complete";
            _output.WriteLine($"{request.Method} {request.Uri} → node {node}, request {request.RequestId}");
            Assert.Contains(
                _deployment.NodeLog(node).Split('\n'),
                line => line.Contains($"request {request.RequestId} ", StringComparison.Ordinal) && line.Contains($" {request.Method} {route} ", StringComparison.Ordinal));
        }
    }

    private async Task<string> NewRepositoryAsync()
    {
        string database = "d" + Guid.NewGuid().ToString("N")[..10];
        await _deployment.SqlAsync($"CREATE DATABASE {database}; CREATE SCHEMA {database}.sch; CREATE IMAGE REPOSITORY {database}.sch.repo;");
        return $"{database}/sch/repo";
    }

    private async Task<DockerClient> LoggedInDockerAsync()
    {
        DockerClient docker = _daemon.NewClient();
        _clients.Add(docker);
        Tool.Run login = await docker.LoginAsync(_deployment.Host, "ADMIN", FloeProcess.AdminPassword);
        Assert.True(login.ExitCode == 0, login.Output);
        return docker;
    }

    private static List<KeyValuePair<string, byte[]>> RandomFiles(int count, int size) =>
        [.. Enumerable.Range(0, count).Select(i => KeyValuePair.Create($"layer-{i}.bin", RandomNumberGenerator.GetBytes(size)))];

    private static async Task<string> RepoDigestAsync(DockerClient docker, string image) =>
        (await docker.CheckedAsync("image", "inspect", "--format", "{{index .RepoDigests 0}}", image)).Trim().Split('@')[1];

    /// <summary>The image's layers' uncompressed digests, as the engine holds them.</summary>
    private static async Task<string> LayersAsync(DockerClient docker, string image) =>
        (await docker.CheckedAsync("image", "inspect", "--format", "{{json .RootFS.Layers}}", image)).Trim();

    private static Task<Tool.Run> InspectAsync(string host, string image) =>
        Tool.RunAsync("skopeo", "inspect", "--raw", "--tls-verify=false", "--creds", "revoked_reader:" + Password, $"docker://{host}/{image}");

    private static Task<string> Skopeo(params string[] arguments) => Tool.CheckedAsync("skopeo", ["--insecure-policy", .. arguments]);
}
