using System.Net;
using System.Text.Json;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Registry;

public sealed class DiscoveryTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private RegistryHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListTags_SeveralTags_AreInLexicalOrder()
    {
        await TagAsync("v2", "latest", "V1", "1.0", "alpha");

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/tags/list");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        (string name, string[] tags) = await ReadTagsAsync(response);
        Assert.Equal(Name, name);
        Assert.Equal(["1.0", "V1", "alpha", "latest", "v2"], tags);
        Assert.Null(response.Header("Link"));
    }

    [Fact]
    public async Task ListTags_WithN_AnswersFirstPageAndNextLink()
    {
        await TagAsync("a", "b", "c", "d", "e");

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/tags/list?n=2");

        Assert.Equal(["a", "b"], (await ReadTagsAsync(response)).Tags);
        Assert.Equal($"</v2/{Name}/tags/list?n=2&last=b>; rel=\"next\"", response.Header("Link"));
    }

    [Fact]
    public async Task ListTags_FollowingLinks_VisitsEveryTagOnce()
    {
        await TagAsync("a", "b", "c", "d", "e");
        List<string> seen = [];
        string? next = $"/v2/{Name}/tags/list?n=2";

        while (next is not null)
        {
            HttpResponseMessage response = await Client.GetAsync(next);
            seen.AddRange((await ReadTagsAsync(response)).Tags);
            next = response.Header("Link")?.Split('>')[0].TrimStart('<');
        }

        Assert.Equal(["a", "b", "c", "d", "e"], seen);
    }

    [Fact]
    public async Task ListTags_WithLast_AnswersTagsAfterIt()
    {
        await TagAsync("a", "b", "c");

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/tags/list?last=a");

        Assert.Equal(["b", "c"], (await ReadTagsAsync(response)).Tags);
    }

    [Fact]
    public async Task ListTags_NZero_AnswersEmptyList()
    {
        await TagAsync("a");

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/tags/list?n=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty((await ReadTagsAsync(response)).Tags);
    }

    [Fact]
    public async Task ListTags_NAboveCap_IsCappedWithLink()
    {
        string[] tags = Enumerable.Range(0, 60).Select(i => $"t{i:D3}").ToArray();
        await TagAsync(tags);

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/tags/list?n=100000");

        Assert.Equal(50, (await ReadTagsAsync(response)).Tags.Length);
        Assert.Equal($"</v2/{Name}/tags/list?n=50&last=t049>; rel=\"next\"", response.Header("Link"));
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("99999999999999999999")]
    [InlineData("000000000000000000000000000000000000000000100000")]
    public async Task ListTags_NBeyondAnyInteger_IsCappedWithLink(string n)
    {
        await TagAsync(Enumerable.Range(0, 60).Select(i => $"t{i:D3}").ToArray());

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/tags/list?n={n}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(50, (await ReadTagsAsync(response)).Tags.Length);
        Assert.Equal($"</v2/{Name}/tags/list?n=50&last=t049>; rel=\"next\"", response.Header("Link"));
    }

    [Fact]
    public async Task Catalog_NBeyondAnyInteger_IsCapped()
    {
        await TagAsync("v1");

        HttpResponseMessage response = await Client.GetAsync("/v2/_catalog?n=99999999999999999999");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["db/sch/repo/img"], await ReadCatalogAsync(response));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1e3")]
    public async Task ListTags_InvalidN_IsClearError(string n)
    {
        await TagAsync("a");

        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/tags/list?n={n}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("PAGINATION_NUMBER_INVALID", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task ListTags_ImageWithoutManifests_IsNameUnknown()
    {
        HttpResponseMessage response = await Client.GetAsync("/v2/db/sch/repo/empty/tags/list");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("NAME_UNKNOWN", await response.ErrorCodeAsync());
    }

    [Fact]
    public async Task Catalog_ImagesInSeveralRepositories_ListsNamesInOrderWithPaging()
    {
        await _host.CreateRepositoryAsync("db/sch/zeta");
        await TagAsync("v1");
        await TagInAsync("db/sch/zeta/app", "v1");
        await TagInAsync("db/sch/repo/aaa/nested", "v1");

        HttpResponseMessage all = await Client.GetAsync("/v2/_catalog");
        HttpResponseMessage page = await Client.GetAsync("/v2/_catalog?n=1");

        Assert.Equal(["db/sch/repo/aaa/nested", "db/sch/repo/img", "db/sch/zeta/app"], await ReadCatalogAsync(all));
        Assert.Equal(["db/sch/repo/aaa/nested"], await ReadCatalogAsync(page));
        Assert.Equal("</v2/_catalog?n=1&last=db%2Fsch%2Frepo%2Faaa%2Fnested>; rel=\"next\"", page.Header("Link"));
    }

    [Fact]
    public async Task PutManifest_WithSubject_AnswersOciSubjectAndIsListedAsReferrer()
    {
        byte[] subject = await TagAsync("v1");
        Digest subjectDigest = OciClient.DigestOf(subject);
        byte[] signature = await Client.PrepareImageAsync(Name, "signature", Subject(subject), "application/vnd.example.signature");

        HttpResponseMessage put = await Client.PutManifestAsync(Name, OciClient.DigestOf(signature).ToString(), signature);
        HttpResponseMessage referrers = await Client.GetAsync($"/v2/{Name}/referrers/{subjectDigest}");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal(subjectDigest.ToString(), put.Header("OCI-Subject"));
        Assert.Equal(HttpStatusCode.OK, referrers.StatusCode);
        Assert.Equal(OciClient.OciIndexType, referrers.Content.Headers.ContentType!.MediaType);
        JsonElement manifests = await ReadReferrersAsync(referrers);
        JsonElement entry = Assert.Single(manifests.EnumerateArray());
        Assert.Equal(OciClient.DigestOf(signature).ToString(), entry.GetProperty("digest").GetString());
        Assert.Equal(signature.Length, entry.GetProperty("size").GetInt64());
        Assert.Equal("application/vnd.example.signature", entry.GetProperty("artifactType").GetString());
        Assert.Equal(OciClient.OciManifestType, entry.GetProperty("mediaType").GetString());
        Assert.True(entry.TryGetProperty("annotations", out _));
    }

    [Fact]
    public async Task Referrers_ArtifactTypeFilter_AnswersMatchesAndFiltersAppliedHeader()
    {
        byte[] subject = await TagAsync("v1");
        byte[] sbom = await Client.PrepareImageAsync(Name, "sbom", Subject(subject), "application/vnd.example.sbom");
        byte[] sig = await Client.PrepareImageAsync(Name, "sig", Subject(subject), "application/vnd.example.sig");
        await Client.PutManifestAsync(Name, OciClient.DigestOf(sbom).ToString(), sbom);
        await Client.PutManifestAsync(Name, OciClient.DigestOf(sig).ToString(), sig);

        HttpResponseMessage all = await Client.GetAsync($"/v2/{Name}/referrers/{OciClient.DigestOf(subject)}");
        HttpResponseMessage filtered = await Client.GetAsync($"/v2/{Name}/referrers/{OciClient.DigestOf(subject)}?artifactType=application/vnd.example.sbom");

        Assert.Equal(2, (await ReadReferrersAsync(all)).GetArrayLength());
        Assert.Null(all.Header("OCI-Filters-Applied"));
        JsonElement only = Assert.Single((await ReadReferrersAsync(filtered)).EnumerateArray());
        Assert.Equal(OciClient.DigestOf(sbom).ToString(), only.GetProperty("digest").GetString());
        Assert.Equal("artifactType", filtered.Header("OCI-Filters-Applied"));
    }

    [Fact]
    public async Task Referrers_ReferrerPushedBeforeSubject_IsListed()
    {
        byte[] subject = await Client.PrepareImageAsync(Name, "later-subject");
        byte[] referrer = await Client.PrepareImageAsync(Name, "early-referrer", Subject(subject), "application/vnd.example.early");

        HttpResponseMessage put = await Client.PutManifestAsync(Name, OciClient.DigestOf(referrer).ToString(), referrer);
        HttpResponseMessage referrers = await Client.GetAsync($"/v2/{Name}/referrers/{OciClient.DigestOf(subject)}");

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Single((await ReadReferrersAsync(referrers)).EnumerateArray());
    }

    [Fact]
    public async Task Referrers_NoReferrers_AnswersEmptyIndex()
    {
        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/referrers/{OciClient.DigestOf(OciClient.Bytes("lonely"))}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await ReadReferrersAsync(response)).GetArrayLength());
    }

    [Fact]
    public async Task Referrers_InvalidDigest_IsDigestInvalid()
    {
        HttpResponseMessage response = await Client.GetAsync($"/v2/{Name}/referrers/latest");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("DIGEST_INVALID", await response.ErrorCodeAsync());
    }

    private static string Subject(byte[] manifest) => OciClient.DescriptorJson(OciClient.OciManifestType, manifest);

    private Task<byte[]> TagAsync(params string[] tags) => TagInAsync(Name, tags);

    /// <summary>Pushes one image and tags it with every tag given; returns its manifest.</summary>
    private async Task<byte[]> TagInAsync(string name, params string[] tags)
    {
        byte[] manifest = await Client.PrepareImageAsync(name, "layer-of-" + name);
        foreach (string tag in tags)
        {
            HttpResponseMessage put = await Client.PutManifestAsync(name, tag, manifest);
            Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        }

        return manifest;
    }

    private static async Task<(string Name, string[] Tags)> ReadTagsAsync(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (document.RootElement.GetProperty("name").GetString()!,
            document.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToArray());
    }

    private static async Task<string[]> ReadCatalogAsync(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("repositories").EnumerateArray().Select(t => t.GetString()!).ToArray();
    }

    private static async Task<JsonElement> ReadReferrersAsync(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("manifests").Clone();
    }
}
