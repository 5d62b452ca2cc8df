using System.Globalization;
using BenchmarkDotNet.Attributes;
using Floe.Benchmarks.Manifests;
using Floe.Core.Content;
using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Metadata.Sqlite;

namespace Floe.Benchmarks.Metadata;

/// <summary>
/// The metadata reads behind the registry's hot requests, in a repository whose image has 10,000
/// tags (all on one manifest): the repository lookup every request makes, a manifest by tag (manifest
/// GET), a blob link (blob GET) and a page of 100 tags from the middle of the list (tag list).
/// The database is built once, through the store's own API, in a temporary directory.
/// </summary>
[MemoryDiagnoser]
public class SqliteMetadataBenchmarks
{
    private const int TagCount = 10_000;
    private const string Image = "app";

    private readonly RepositoryKey key = new("BENCH_DB", "BENCH_SCHEMA", "BENCH_REPO");
    private string directory = string.Empty;
    private SqliteMetadataStore? store;
    private long accountId;
    private long repositoryId;
    private Digest layer;
    private string middleTag = string.Empty;

    private SqliteMetadataStore Store => store ?? throw new InvalidOperationException("GlobalSetup has not run");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        directory = Path.Combine(Path.GetTempPath(), "floe-bench-sqlite-" + Guid.NewGuid().ToString("N"));
        store = new SqliteMetadataStore(new SqliteMetadataOptions { DatabasePath = Path.Combine(directory, "metadata.db") }, TimeProvider.System);
        CancellationToken none = CancellationToken.None;
        await store.MigrateAsync(none);
        accountId = (await store.EnsureAccountAsync("DEV", none)).Id;
        RepositoryRecord repository = await store.CreateRepositoryAsync(new NewRepository(accountId, key, "ACCOUNTADMIN", null), none)
            ?? throw new InvalidOperationException("repository exists");
        repositoryId = repository.Id;

        Digest config = BenchManifests.DigestOf(0);
        layer = BenchManifests.DigestOf(1);
        await store.LinkBlobAsync(repositoryId, config, 7023, none);
        await store.LinkBlobAsync(repositoryId, layer, 1_004_242, none);
        byte[] body = BenchManifests.TypicalImageManifest();
        Digest manifest = Digest.Sha256Of(body);
        for (int i = 0; i < TagCount; i++)
        {
            await store.PutManifestAsync(
                new ManifestWrite(repositoryId, Image, manifest, BenchManifests.OciManifestType, null, null, body, null, TagName(i), [config, layer], []),
                none);
        }

        middleTag = TagName(TagCount / 2);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        Directory.Delete(directory, recursive: true);
    }

    [Benchmark]
    public ValueTask<RepositoryRecord?> FindRepository() =>
        Store.FindRepositoryAsync(accountId, key, CancellationToken.None);

    [Benchmark]
    public ValueTask<StoredManifest?> FindManifestByTag() =>
        Store.FindManifestByTagAsync(repositoryId, Image, middleTag, CancellationToken.None);

    [Benchmark]
    public ValueTask<long?> FindBlobLink() =>
        Store.FindBlobLinkAsync(repositoryId, layer, CancellationToken.None);

    [Benchmark]
    public ValueTask<IReadOnlyList<string>> ListTagsPageOf100() =>
        Store.ListTagsAsync(repositoryId, Image, middleTag, 100, CancellationToken.None);

    private static string TagName(int i) => "v" + i.ToString("D5", CultureInfo.InvariantCulture);
}
