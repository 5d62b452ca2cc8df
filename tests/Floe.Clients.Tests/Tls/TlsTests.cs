using System.Net;
using System.Text;
using System.Text.Json;
using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Tls;

/// <summary>
/// <c>floe serve --tls-cert --tls-key</c> with one wildcard certificate for every account host: skopeo pushes
/// and pulls trusting only the root CA (the intermediate comes from the server), and refuses without it.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private const string Repository = "tls_db/sch/repo";
    private const string DevHost = "local-dev.registry.localhost";
    private const string AcmeHost = "local-acme.registry.localhost";
    private const string AcmeAdmin = "ACME_ADMIN:acme-admin-secret";
    private TestCertificates _certificates = null!;
    private FloeProcess _floe = null!;
    private OciLayout _layout = null!;
    private HostsFile _hosts = null!;
    private readonly List<string> _scratch = [];

    public async Task InitializeAsync()
    {
        _certificates = TestCertificates.Create();
        _hosts = HostsFile.Map(DevHost, AcmeHost);
        _floe = await FloeProcess.StartAsync(_certificates, Repository);
        _layout = await OciLayout.InitAsync();
        await _layout.AddImageAsync("amd64", "amd64");
    }

    public async Task DisposeAsync()
    {
        _layout.Dispose();
        foreach (string path in _scratch.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }

        await _floe.DisposeAsync();
        _hosts.Dispose();
        _certificates.Dispose();
    }

    [Fact]
    public async Task CopyAndCopyBack_TrustingTheCa_EveryBlobIsByteExactOverHttps()
    {
        string reference = $"docker://{DevHost}:{_floe.Port}/{Repository}/img:v1";
        await Skopeo("copy", "--preserve-digests", "--dest-cert-dir", _certificates.Directory, "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:amd64", reference);
        string pulled = Scratch();

        await Skopeo("copy", "--preserve-digests", "--src-cert-dir", _certificates.Directory, "--src-creds", FloeProcess.AdminCredentials, reference, $"oci:{pulled}:v1");

        string[] pulledBlobs = Directory.GetFiles(Path.Combine(pulled, "blobs", "sha256"));
        Assert.Equal(3, pulledBlobs.Length); // manifest, config, one layer
        foreach (string blob in pulledBlobs)
        {
            Assert.Equal(await _layout.ReadBlobAsync("sha256:" + Path.GetFileName(blob)), await File.ReadAllBytesAsync(blob));
        }
    }

    [Fact]
    public async Task Inspect_SecondAccountHost_IsServedWithTheSameWildcardCertificate()
    {
        await _floe.SqlAsync("CREATE ACCOUNT ACME ADMIN_NAME = ACME_ADMIN ADMIN_PASSWORD = 'acme-admin-secret'");
        await AcmeSqlAsync("CREATE DATABASE acme_db; CREATE SCHEMA acme_db.sch; CREATE IMAGE REPOSITORY acme_db.sch.repo;");
        string reference = $"docker://{AcmeHost}:{_floe.Port}/acme_db/sch/repo/img:v1";
        await Skopeo("copy", "--preserve-digests", "--dest-cert-dir", _certificates.Directory, "--dest-creds", AcmeAdmin, $"oci:{_layout.Path}:amd64", reference);

        string raw = await Skopeo("inspect", "--raw", "--cert-dir", _certificates.Directory, "--creds", AcmeAdmin, reference);

        Assert.Equal(await _layout.ManifestBytesAsync("amd64"), Encoding.UTF8.GetBytes(raw));
    }

    [Fact]
    public async Task Inspect_WithoutTheCa_FailsOnTheCertificate()
    {
        await Skopeo("copy", "--preserve-digests", "--dest-cert-dir", _certificates.Directory, "--dest-creds", FloeProcess.AdminCredentials, $"oci:{_layout.Path}:amd64", $"docker://{DevHost}:{_floe.Port}/{Repository}/img:v1");

        Tool.Run run = await Tool.RunAsync("skopeo", "--insecure-policy", "inspect", "--raw", "--creds", FloeProcess.AdminCredentials, $"docker://{DevHost}:{_floe.Port}/{Repository}/img:v1");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("certificate", run.Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task V2_OverHttps_ChallengesWithAnHttpsRealm()
    {
        using HttpClient client = _floe.CreateClient();

        HttpResponseMessage response = await client.GetAsync("/v2/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        string challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.StartsWith($"Bearer realm=\"https://{_floe.Host}/oauth/token\"", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ShowImageRepositories_OverHttps_UrlIsTheAccountHostWithItsPort()
    {
        string body = await _floe.SqlAsync("SHOW IMAGE REPOSITORIES IN SCHEMA tls_db.sch");

        Assert.Contains($"{DevHost}:{_floe.Port}/tls_db/sch/repo", body, StringComparison.Ordinal);
        Assert.DoesNotContain("://", body, StringComparison.Ordinal); // repository URLs are host-only
    }

    private async Task AcmeSqlAsync(string sql)
    {
        using HttpClient client = new(_certificates.CreateHandler()) { BaseAddress = new Uri($"https://{AcmeHost}:{_floe.Port}") };
        using FormUrlEncodedContent form = new(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "ACME_ADMIN",
            ["password"] = "acme-admin-secret",
        });
        HttpResponseMessage login = await client.PostAsync("/oauth/token", form);
        string loginBody = await login.Content.ReadAsStringAsync();
        Assert.True(login.IsSuccessStatusCode, loginBody);
        using HttpRequestMessage request = new(HttpMethod.Post, "/api/v2/statements")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new Dictionary<string, string> { ["statement"] = sql }),
        };
        request.Headers.Authorization = new("Bearer", JsonDocument.Parse(loginBody).RootElement.GetProperty("token").GetString());
        HttpResponseMessage response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<string> Skopeo(params string[] arguments) => Tool.CheckedAsync("skopeo", ["--insecure-policy", .. arguments]);

    private string Scratch()
    {
        string path = Path.Combine(Path.GetTempPath(), "floe-pull-" + Guid.NewGuid().ToString("N"));
        _scratch.Add(path);
        return path;
    }
}
