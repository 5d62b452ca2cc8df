using Floe.Core.Metadata;

namespace Floe.Server.Hosting;

/// <summary>
/// First start of a deployment (PRODUCT.md §1.4): migrates the metadata schema and creates the
/// bootstrap account. Safe to run on every start and on several nodes at once.
/// </summary>
internal sealed class Bootstrapper(IMetadataStore store, FloeServerOptions options)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetFullPath(options.DataDir));
        await store.MigrateAsync(cancellationToken);
        await store.EnsureAccountAsync(options.BootstrapAccount, cancellationToken);
    }
}
