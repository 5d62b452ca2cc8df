using Floe.Core.Metadata;
using Floe.Core.Naming;
using Floe.Core.Security;

namespace Floe.Server.Registry;

/// <summary>
/// The catalog of an authenticated caller: only the image names of repositories the
/// caller may pull, paginated like the full catalog. Names are read from the store in pages and each
/// repository is decided once (<see cref="Authorizer.FilterPullableAsync"/>, two queries a batch).
/// </summary>
internal sealed class PullableCatalog(IManifestStore manifests, IRepositoryStore repositories, Authorizer authorizer)
{
    public async ValueTask<NamePage> ListAsync(RegistryPrincipal principal, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        List<string> kept = [];
        Dictionary<RepositoryKey, bool> pullable = [];
        string? last = page.Last;
        int batchSize = page.Size + 1;
        while (page.Size > 0 && kept.Count < batchSize)
        {
            IReadOnlyList<string> batch = await manifests.ListImageNamesAsync(principal.AccountId, last, batchSize, cancellationToken);
            await DecideAsync(principal, batch, pullable, cancellationToken);
            kept.AddRange(batch.Where(name => KeyOf(name) is { } key && pullable[key]));
            if (batch.Count < batchSize)
            {
                break;
            }

            last = batch[^1];
        }

        return kept.Count > page.Size
            ? new NamePage([.. kept.Take(page.Size)], kept[page.Size - 1], page.Size)
            : new NamePage(kept, null, page.Size);
    }

    private async ValueTask DecideAsync(RegistryPrincipal principal, IReadOnlyList<string> names, Dictionary<RepositoryKey, bool> pullable, CancellationToken cancellationToken)
    {
        List<RepositoryRecord> found = [];
        foreach (RepositoryKey key in names.Select(KeyOf).OfType<RepositoryKey>().Distinct().Where(k => !pullable.ContainsKey(k)))
        {
            pullable[key] = false;
            if (await repositories.FindRepositoryAsync(principal.AccountId, key, cancellationToken) is { } repository)
            {
                found.Add(repository);
            }
        }

        foreach (RepositoryRecord allowed in await authorizer.FilterPullableAsync(principal, found, cancellationToken))
        {
            pullable[allowed.Key] = true;
        }
    }

    private static RepositoryKey? KeyOf(string name) =>
        RegistryName.TryParse(name, out RegistryName? parsed, out _) ? parsed.Repository : null;
}
