using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    /// <summary>Ordinal order: '-' &lt; '.' &lt; digits &lt; upper case &lt; '_' &lt; lower case.</summary>
    private static readonly string[] TagsInOrdinalOrder =
        ["1.0", "10", "9", "Latest", "V2", "Z", "_dev", "a-b", "a.b", "a_b", "latest", "v1.0"];

    private async Task<RepositoryRecord> RepositoryWithTagsAsync()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        string[] shuffled = ["latest", "a_b", "9", "V2", "_dev", "1.0", "v1.0", "Z", "a.b", "10", "Latest", "a-b"];
        foreach (string tag in shuffled)
        {
            await PutAsync(Manifest(repository.Id, "app", Body(tag), tag: tag));
        }

        return repository;
    }

    [Fact]
    public async Task ListTagsAsync_MixedCaseDigitsAndPunctuation_ReturnsOrdinalOrder()
    {
        RepositoryRecord repository = await RepositoryWithTagsAsync();

        Assert.Equal(TagsInOrdinalOrder, await Store.ListTagsAsync(repository.Id, "app", null, 100, Token));
    }

    [Fact]
    public async Task ListTagsAsync_PagedWithLastAndLimit_ReturnsEachPageInOrder()
    {
        RepositoryRecord repository = await RepositoryWithTagsAsync();

        IReadOnlyList<string> first = await Store.ListTagsAsync(repository.Id, "app", null, 5, Token);
        IReadOnlyList<string> second = await Store.ListTagsAsync(repository.Id, "app", first[^1], 5, Token);
        IReadOnlyList<string> third = await Store.ListTagsAsync(repository.Id, "app", second[^1], 5, Token);

        Assert.Equal(["1.0", "10", "9", "Latest", "V2"], first);
        Assert.Equal(["Z", "_dev", "a-b", "a.b", "a_b"], second);
        Assert.Equal(["latest", "v1.0"], third);
    }

    [Fact]
    public async Task ListTagsAsync_LastIsTheFinalTag_ReturnsEmpty()
    {
        RepositoryRecord repository = await RepositoryWithTagsAsync();

        Assert.Empty(await Store.ListTagsAsync(repository.Id, "app", "v1.0", 5, Token));
    }

    [Fact]
    public async Task ListTagsAsync_LastIsNotATag_StartsAfterWhereItWouldSort()
    {
        RepositoryRecord repository = await RepositoryWithTagsAsync();

        Assert.Equal(["Z", "_dev"], await Store.ListTagsAsync(repository.Id, "app", "W", 2, Token));
    }

    [Fact]
    public async Task ListTagsAsync_LimitZero_ReturnsEmpty()
    {
        RepositoryRecord repository = await RepositoryWithTagsAsync();

        Assert.Empty(await Store.ListTagsAsync(repository.Id, "app", null, 0, Token));
    }

    [Fact]
    public async Task ListTagsAsync_UnknownImageOrUntaggedImage_ReturnsEmpty()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await PutAsync(Manifest(repository.Id, "untagged", Body("v1")));

        Assert.Empty(await Store.ListTagsAsync(repository.Id, "unknown", null, 100, Token));
        Assert.Empty(await Store.ListTagsAsync(repository.Id, "untagged", null, 100, Token));
    }

    [Fact]
    public async Task ListReferrersAsync_NoFilter_ReturnsEveryReferrerOfTheSubject()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite subject = await PutAsync(Manifest(repository.Id, "app", Body("subject")));
        ManifestWrite signature = await PutAsync(Manifest(repository.Id, "app", Body("sig"), subject: subject.Digest,
            artifactType: "application/signature", annotationsJson: """{"signed":"yes"}"""));
        ManifestWrite sbom = await PutAsync(Manifest(repository.Id, "app", Body("sbom"), subject: subject.Digest, artifactType: "application/sbom"));
        await PutAsync(Manifest(repository.Id, "app", Body("other"), subject: Digest.Sha256Of("elsewhere"u8), artifactType: "application/sbom"));

        IReadOnlyList<Referrer> referrers = await Store.ListReferrersAsync(repository.Id, "app", subject.Digest, null, Token);

        Referrer[] expected =
        [
            new(signature.Digest, MediaTypes.OciManifest, signature.Body.Length, "application/signature", """{"signed":"yes"}"""),
            new(sbom.Digest, MediaTypes.OciManifest, sbom.Body.Length, "application/sbom", null),
        ];
        Assert.Equal(expected.OrderBy(r => r.Digest.ToString(), StringComparer.Ordinal), referrers.OrderBy(r => r.Digest.ToString(), StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListReferrersAsync_ArtifactTypeFilter_ReturnsOnlyThatType()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest subject = Digest.Sha256Of("subject"u8);
        await PutAsync(Manifest(repository.Id, "app", Body("sig"), subject: subject, artifactType: "application/signature"));
        ManifestWrite sbom = await PutAsync(Manifest(repository.Id, "app", Body("sbom"), subject: subject, artifactType: "application/sbom"));

        IReadOnlyList<Referrer> referrers = await Store.ListReferrersAsync(repository.Id, "app", subject, "application/sbom", Token);

        Assert.Equal([new Referrer(sbom.Digest, MediaTypes.OciManifest, sbom.Body.Length, "application/sbom", null)], referrers);
        Assert.Empty(await Store.ListReferrersAsync(repository.Id, "app", subject, "application/unknown", Token));
    }

    [Fact]
    public async Task ListReferrersAsync_ReferrerStoredBeforeItsSubject_IsListedBeforeAndAfter()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        byte[] subjectBody = Body("subject");
        Digest subject = Digest.Sha256Of(subjectBody);
        ManifestWrite signature = await PutAsync(Manifest(repository.Id, "app", Body("sig"), subject: subject, artifactType: "application/signature"));

        IReadOnlyList<Referrer> before = await Store.ListReferrersAsync(repository.Id, "app", subject, null, Token);
        await PutAsync(Manifest(repository.Id, "app", subjectBody, tag: "v1"));
        IReadOnlyList<Referrer> after = await Store.ListReferrersAsync(repository.Id, "app", subject, null, Token);

        Referrer expected = new(signature.Digest, MediaTypes.OciManifest, signature.Body.Length, "application/signature", null);
        Assert.Equal([expected], before);
        Assert.Equal([expected], after);
    }

    [Fact]
    public async Task ListReferrersAsync_ReferrerInAnotherImage_IsNotListed()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        Digest subject = Digest.Sha256Of("subject"u8);
        await PutAsync(Manifest(repository.Id, "web", Body("sig"), subject: subject, artifactType: "application/signature"));

        Assert.Empty(await Store.ListReferrersAsync(repository.Id, "app", subject, null, Token));
    }

    private async Task<(AccountRecord Account, string[] Expected)> AccountWithImagesAsync()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord repo = await RepositoryAsync(account.Id, new RepositoryKey("DB1", "PUBLIC", "REPO"));
        RepositoryRecord dollar = await RepositoryAsync(account.Id, new RepositoryKey("DB1", "PUBLIC", "REPO$X"));
        RepositoryRecord early = await RepositoryAsync(account.Id, new RepositoryKey("DB0", "S", "R"));
        await PutAsync(Manifest(repo.Id, "base", Body("base")));
        await PutAsync(Manifest(repo.Id, "app/api", Body("app/api")));
        await PutAsync(Manifest(repo.Id, "app", Body("app 1")));
        await PutAsync(Manifest(repo.Id, "app", Body("app 2")));
        await PutAsync(Manifest(dollar.Id, "tool", Body("tool")));
        await PutAsync(Manifest(early.Id, "zzz", Body("zzz")));
        return (account, ["db0/s/r/zzz", "db1/public/repo%24x/tool", "db1/public/repo/app", "db1/public/repo/app/api", "db1/public/repo/base"]);
    }

    [Fact]
    public async Task ListImageNamesAsync_SeveralRepositories_ReturnsEachImageOnceInOrdinalOrder()
    {
        (AccountRecord account, string[] expected) = await AccountWithImagesAsync();

        Assert.Equal(expected, await Store.ListImageNamesAsync(account.Id, null, 100, Token));
    }

    [Fact]
    public async Task ListImageNamesAsync_PagedWithLastAndLimit_ReturnsEachPageInOrder()
    {
        (AccountRecord account, string[] expected) = await AccountWithImagesAsync();

        IReadOnlyList<string> first = await Store.ListImageNamesAsync(account.Id, null, 2, Token);
        IReadOnlyList<string> second = await Store.ListImageNamesAsync(account.Id, first[^1], 2, Token);
        IReadOnlyList<string> third = await Store.ListImageNamesAsync(account.Id, second[^1], 2, Token);
        IReadOnlyList<string> after = await Store.ListImageNamesAsync(account.Id, third[^1], 2, Token);

        Assert.Equal(expected[..2], first);
        Assert.Equal(expected[2..4], second);
        Assert.Equal(expected[4..], third);
        Assert.Empty(after);
    }

    [Fact]
    public async Task ListTaggedImagesAsync_TaggedAndUntaggedManifests_OneRowPerTagAndPerUntaggedManifest()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite base1 = await PutAsync(Manifest(repository.Id, "base", Body("base"), tag: "1"));
        Clock.Advance(TimeSpan.FromSeconds(1));
        ManifestWrite app1 = await PutAsync(Manifest(repository.Id, "app", Body("app 1"), tag: "v1"));
        await PutAsync(app1 with { Tag = "latest" });
        Clock.Advance(TimeSpan.FromSeconds(1));
        ManifestWrite app2 = await PutAsync(Manifest(repository.Id, "app", Body("app 2")));

        IReadOnlyList<TaggedImage> rows = await Store.ListTaggedImagesAsync(repository.Id, Token);

        Assert.Equal(
            [
                new("app", "latest", app1.Digest, Start.AddSeconds(1)),
                new("app", "v1", app1.Digest, Start.AddSeconds(1)),
                new("app", null, app2.Digest, Start.AddSeconds(2)),
                new TaggedImage("base", "1", base1.Digest, Start),
            ],
            rows);
    }

    [Fact]
    public async Task ListTaggedImagesAsync_TagMovedAway_OldManifestListedUntagged()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        ManifestWrite old = await PutAsync(Manifest(repository.Id, "app", Body("v1"), tag: "latest"));
        ManifestWrite current = await PutAsync(Manifest(repository.Id, "app", Body("v2"), tag: "latest"));

        IReadOnlyList<TaggedImage> rows = await Store.ListTaggedImagesAsync(repository.Id, Token);

        Assert.Equal([new("app", "latest", current.Digest, Start), new TaggedImage("app", null, old.Digest, Start)], rows);
    }

    [Fact]
    public async Task ListTaggedImagesAsync_EmptyRepository_ReturnsEmpty()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();

        Assert.Empty(await Store.ListTaggedImagesAsync(repository.Id, Token));
    }
}
