using System.Net;
using Floe.Core.Content;
using Floe.Server.Tests.Infrastructure;

namespace Floe.Server.Tests.Registry;

/// <summary>
/// Manifests found by tag are kept between pulls, and never past a change to the tag: the next pull
/// after a push that moves it, or after another writer of the database changes or deletes it, answers
/// what the tag points at now.
/// </summary>
public sealed class ManifestsByTagTests : IAsyncLifetime
{
    private const string Name = "db/sch/repo/img";
    private RegistryHost _host = null!;

    private HttpClient Client => _host.Client;

    public async Task InitializeAsync() => _host = await RegistryHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetByTag_AfterAPushMovesTheTag_AnswersTheNewManifest()
    {
        byte[] first = await Client.PrepareImageAsync(Name, "first");
        byte[] second = await Client.PrepareImageAsync(Name, "second");
        await Client.PutManifestAsync(Name, "latest", first);
        await AssertLatestIsAsync(first);
        await AssertLatestIsAsync(first);

        Assert.Equal(HttpStatusCode.Created, (await Client.PutManifestAsync(Name, "latest", second)).StatusCode);

        await AssertLatestIsAsync(second);
        using HttpRequestMessage head = new(HttpMethod.Head, $"/v2/{Name}/manifests/latest");
        Assert.Equal(OciClient.DigestOf(second).ToString(), (await Client.SendAsync(head)).Header("Docker-Content-Digest"));
    }

    [Fact]
    public async Task GetByTag_TagMovedThenDeletedByAnotherWriterOfTheDatabase_AnswersWhatTheTagIsNow()
    {
        byte[] first = await Client.PrepareImageAsync(Name, "first");
        byte[] second = await Client.PrepareImageAsync(Name, "second");
        await Client.PutManifestAsync(Name, "latest", first);
        Digest secondDigest = OciClient.DigestOf(second);
        await Client.PutManifestAsync(Name, secondDigest.ToString(), second);
        await AssertLatestIsAsync(first);

        Assert.Equal(1, await _host.ExecuteAsAnotherWriterAsync($"UPDATE tags SET digest = '{secondDigest}' WHERE name = 'latest'"));
        await AssertLatestIsAsync(second);

        Assert.Equal(1, await _host.ExecuteAsAnotherWriterAsync("DELETE FROM tags WHERE name = 'latest'"));
        HttpResponseMessage gone = await Client.GetAsync($"/v2/{Name}/manifests/latest");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("MANIFEST_UNKNOWN", await gone.ErrorCodeAsync());
    }

    private async Task AssertLatestIsAsync(byte[] manifest)
    {
        HttpResponseMessage get = await Client.GetAsync($"/v2/{Name}/manifests/latest");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(manifest, await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(OciClient.DigestOf(manifest).ToString(), get.Header("Docker-Content-Digest"));
    }
}
