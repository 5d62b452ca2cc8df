using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Metadata.Sqlite;

namespace Floe.Benchmarks.Seeding;

/// <summary>
/// <c>seed --data-dir DIR --repository db/schema/repo [--account NAME]</c>: creates the metadata
/// database of a fresh data directory with one image repository in it, through the store's API,
/// as <c>CREATE IMAGE REPOSITORY</c> will. <c>floe serve --data-dir DIR</c> then accepts pushes to
/// <c>db/schema/repo/&lt;image&gt;</c>. Used by bench/load/compare.sh until repositories can be made with SQL.
/// </summary>
internal static class SeedCommand
{
    public const string Name = "seed";

    private const string Usage = "usage: seed --data-dir DIR --repository db/schema/repo [--account NAME]";

    public static async Task<int> RunAsync(string[] args)
    {
        Dictionary<string, string> options = new(StringComparer.Ordinal);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        if (!options.TryGetValue("--data-dir", out string? dataDir)
            || !options.TryGetValue("--repository", out string? repository)
            || !TryParseKey(repository, out RepositoryKey? key))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        string account = options.GetValueOrDefault("--account", "DEV");
        Directory.CreateDirectory(dataDir);
        await using SqliteMetadataStore store = new(
            new SqliteMetadataOptions { DatabasePath = Path.Combine(dataDir, "metadata.db") }, TimeProvider.System);
        await store.MigrateAsync(CancellationToken.None);
        AccountRecord owner = await store.EnsureAccountAsync(account, CancellationToken.None);
        RepositoryRecord? created = await store.CreateRepositoryAsync(new NewRepository(owner.Id, key, OwnerRole: null, null), CancellationToken.None);
        Console.WriteLine(created is null ? $"{key} already exists" : $"created {key} in account {account}");
        return 0;
    }

    private static bool TryParseKey(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RepositoryKey? key)
    {
        key = null;
        string[] parts = text.Split('/');
        string?[] stored = [.. parts.Select(UrlIdentifier.ToStored)];
        if (parts.Length != 3 || stored.Any(s => s is null))
        {
            return false;
        }

        key = new RepositoryKey(stored[0]!, stored[1]!, stored[2]!);
        return true;
    }
}
