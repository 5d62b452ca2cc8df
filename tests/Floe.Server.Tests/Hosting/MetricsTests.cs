using System.Globalization;
using System.Net;
using Floe.Core.Content;
using Floe.Server.Observability;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Hosting;

/// <summary><c>GET /metrics</c>: the Prometheus exposition an operator scrapes (docs/configuration.md, "Metrics").</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private const string Name = "quokkadb/wombatsch/zebrarepo/pangolinimg";
    private const string Password = "numbat-secret-1";
    private RegistryHost _host = null!;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Metrics_AnswersPrometheusTextFormat()
    {
        HttpResponseMessage response = await _host.RawClient.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Content.Headers.ContentType!.Parameters, parameter => parameter.Name == "version" && parameter.Value == "0.0.4");
        string text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE floe_http_requests_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE floe_http_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE floe_uploads_in_progress gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PushAndPull_CountOperationsAndBytes()
    {
        await _host.CreateRepositoryAsync("quokkadb/wombatsch/zebrarepo");
        Dictionary<string, double> before = await ScrapeAsync();

        byte[] config = OciClient.Bytes("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        byte[] layer = OciClient.Bytes("a layer of some length for the byte counters");
        Digest configDigest = await _host.Client.PushBlobAsync(Name, config);
        Digest layerDigest = await _host.Client.PushBlobAsync(Name, layer);
        byte[] manifest = OciClient.ImageManifest(configDigest, config.Length, layerDigest, layer.Length);
        Assert.Equal(HttpStatusCode.Created, (await _host.Client.PutManifestAsync(Name, "v1", manifest)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.GetAsync($"/v2/{Name}/manifests/v1")).StatusCode);
        Assert.Equal(config, await _host.Client.GetByteArrayAsync($"/v2/{Name}/blobs/{configDigest}"));
        Assert.Equal(layer, await _host.Client.GetByteArrayAsync($"/v2/{Name}/blobs/{layerDigest}"));
        Assert.Equal(HttpStatusCode.OK, (await _host.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v2/{Name}/blobs/{layerDigest}"))).StatusCode);

        Dictionary<string, double> after = await ScrapeAsync();
        // The test client meets a Bearer challenge before each request, so only the 2xx series are exact.
        Assert.Equal(2, Increase(before, after, Requests("upload_start", "2xx")));
        Assert.Equal(2, Increase(before, after, Requests("upload_complete", "2xx")));
        Assert.Equal(1, Increase(before, after, Requests("manifest_put", "2xx")));
        Assert.Equal(1, Increase(before, after, Requests("manifest_get", "2xx")));
        Assert.Equal(2, Increase(before, after, Requests("blob_get", "2xx")));
        Assert.Equal(1, Increase(before, after, Requests("blob_head", "2xx")));
        Assert.True(Increase(before, after, Requests("token", "2xx")) >= 1);
        Assert.Equal(
            new[] { "2xx", "4xx" }.Sum(status => Increase(before, after, Requests("manifest_put", status))),
            Increase(before, after, "floe_http_request_duration_seconds_count{operation=\"manifest_put\"}"));
        Assert.Equal(config.Length + layer.Length, Increase(before, after, "floe_upload_bytes_received_total"));
        Assert.Equal(config.Length + layer.Length, Increase(before, after, "floe_blob_bytes_sent_total"));
        Assert.Equal(0, after["floe_uploads_in_progress"]);
    }

    [Fact]
    public async Task UploadsInProgress_CountsOpenUploads()
    {
        HttpResponseMessage start = await _host.Client.PostAsync($"/v2/{RegistryHost.RepositoryPath}/img/blobs/uploads/", null);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);

        Assert.Equal(1, (await ScrapeAsync())["floe_uploads_in_progress"]);
    }

    [Fact]
    public async Task Logins_CountSuccessAndFailureByMethod()
    {
        Dictionary<string, double> before = await ScrapeAsync();

        Assert.Equal(HttpStatusCode.OK, (await _host.RawClient.RequestTokenAsync("ADMIN", RegistryHost.AdminPassword, host: RegistryHost.AccountHost)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _host.RawClient.RequestTokenAsync("ADMIN", "not-the-password", host: RegistryHost.AccountHost)).StatusCode);

        Dictionary<string, double> after = await ScrapeAsync();
        Assert.Equal(1, Increase(before, after, Logins("password", "success")));
        Assert.Equal(1, Increase(before, after, Logins("password", "failure")));
        Assert.Equal(0, Increase(before, after, Logins("password", "throttled")));
    }

    [Fact]
    public async Task SqlStatements_CountSuccessAndFailure()
    {
        string token = await _host.RawClient.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        Dictionary<string, double> before = await ScrapeAsync();

        await _host.RawClient.SqlOkAsync(token, "SHOW DATABASES; SHOW ROLES", RegistryHost.AccountHost);
        Assert.Equal((HttpStatusCode)422, (await _host.RawClient.SqlAsync(token, "DROP DATABASE no_such_database", host: RegistryHost.AccountHost)).StatusCode);

        Dictionary<string, double> after = await ScrapeAsync();
        Assert.Equal(2, Increase(before, after, "floe_sql_statements_total{result=\"success\"}"));
        Assert.Equal(1, Increase(before, after, "floe_sql_statements_total{result=\"failure\"}"));
        Assert.Equal(1, Increase(before, after, Requests("sql", "2xx")));
        Assert.Equal(1, Increase(before, after, Requests("sql", "4xx")));
    }

    [Fact]
    public async Task Exposition_NamesNoRepositoryUserOrAccount()
    {
        await _host.CreateRepositoryAsync("quokkadb/wombatsch/zebrarepo");
        string admin = await _host.RawClient.LoginAsync("ADMIN", RegistryHost.AdminPassword, RegistryHost.AccountHost);
        await _host.RawClient.SqlOkAsync(admin, $"CREATE USER numbatuser PASSWORD = '{Password}'", RegistryHost.AccountHost);
        await _host.RawClient.RequestTokenAsync("numbatuser", Password, host: RegistryHost.AccountHost);
        await _host.RawClient.RequestTokenAsync("numbatuser", "wrong-password", host: RegistryHost.AccountHost);
        byte[] manifest = await _host.Client.PrepareImageAsync(Name, "echidna-layer");
        await _host.Client.PutManifestAsync(Name, "kookaburratag", manifest);
        await _host.Client.GetAsync($"/v2/{Name}/manifests/kookaburratag");
        await _host.Client.GetAsync($"/v2/{Name}/tags/list");
        await _host.Client.GetAsync("/v2/nosuchdb/nosuchsch/platypusrepo/manifests/latest");

        string text = await (await _host.RawClient.GetAsync("/metrics")).Content.ReadAsStringAsync();

        foreach (string name in new[] { "quokka", "wombat", "zebra", "pangolin", "numbat", "kookaburra", "echidna", "platypus", "local-dev", "DEV\"", "ADMIN" })
        {
            Assert.DoesNotContain(name, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task MetricsDisabled_AnswersNotFound()
    {
        await using RegistryHost host = await RegistryHost.StartAsync(settings => settings["Metrics"] = "false");

        Assert.Equal(HttpStatusCode.NotFound, (await host.RawClient.GetAsync("/metrics")).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/v2/", "base")]
    [InlineData("GET", "/v2", "base")]
    [InlineData("GET", "/v2/_catalog", "catalog")]
    [InlineData("HEAD", "/v2/a/b/c/manifests/v1", "manifest_head")]
    [InlineData("PUT", "/v2/a/b/c/manifests/v1", "manifest_put")]
    [InlineData("GET", "/v2/a/b/c/blobs/sha256:00", "blob_get")]
    [InlineData("POST", "/v2/a/b/c/blobs/uploads/", "upload_start")]
    [InlineData("PATCH", "/v2/a/b/c/blobs/uploads/0123", "upload_chunk")]
    [InlineData("PUT", "/v2/a/b/c/blobs/uploads/0123", "upload_complete")]
    [InlineData("GET", "/v2/a/b/c/blobs/uploads/0123", "upload_status")]
    [InlineData("DELETE", "/v2/a/b/c/blobs/uploads/0123", "upload_cancel")]
    [InlineData("GET", "/v2/a/b/c/tags/list", "tags_list")]
    [InlineData("GET", "/v2/a/b/c/referrers/sha256:00", "referrers")]
    [InlineData("GET", "/v2/a/b/c/nothing/here", "registry_other")]
    [InlineData("DELETE", "/v2/a/b/c/manifests/v1", "registry_other")]
    [InlineData("GET", "/oauth/token", "token")]
    [InlineData("POST", "/api/v2/statements", "sql")]
    [InlineData("GET", "/healthz", "none")]
    [InlineData("GET", "/v2x", "none")]
    public void Classify_TellsTheOperationFromMethodAndPath(string method, string path, string expected) =>
        Assert.Equal(expected, FloeMetrics.Label(RequestClassifier.Classify(method, path)));

    private static string Requests(string operation, string status) =>
        $"floe_http_requests_total{{operation=\"{operation}\",status=\"{status}\"}}";

    private static string Logins(string method, string result) =>
        $"floe_logins_total{{method=\"{method}\",result=\"{result}\"}}";

    private static double Increase(Dictionary<string, double> before, Dictionary<string, double> after, string series) =>
        after[series] - before.GetValueOrDefault(series);

    /// <summary>The exposition's samples by series (name and labels as written).</summary>
    private async Task<Dictionary<string, double>> ScrapeAsync()
    {
        string text = await _host.RawClient.GetStringAsync("/metrics");
        Dictionary<string, double> samples = new(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            int space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples;
    }
}
