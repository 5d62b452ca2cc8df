using Floe.Core.Content;
using Floe.Core.Metadata;

namespace Floe.Metadata.Tests;

public abstract partial class MetadataStoreContract
{
    [Fact]
    public async Task LinkBlobAsync_ThenFindBlobLink_ReturnsTheSize()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();

        await Store.LinkBlobAsync(repository.Id, BlobDigest("layer"), 1234, Token);

        Assert.Equal(1234, await Store.FindBlobLinkAsync(repository.Id, BlobDigest("layer"), Token));
    }

    [Fact]
    public async Task LinkBlobAsync_Twice_LinksOnce()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();

        await Store.LinkBlobAsync(repository.Id, BlobDigest("layer"), 1234, Token);
        await Store.LinkBlobAsync(repository.Id, BlobDigest("layer"), 1234, Token);

        Assert.Equal(1234, await Store.FindBlobLinkAsync(repository.Id, BlobDigest("layer"), Token));
        Assert.Equal([repository.Id], await Store.FindRepositoriesLinkingAsync(repository.AccountId, BlobDigest("layer"), Token));
    }

    [Fact]
    public async Task FindBlobLinkAsync_BlobLinkedToAnotherRepository_ReturnsNull()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord linked = await RepositoryAsync(account.Id);
        RepositoryRecord other = await RepositoryAsync(account.Id, DefaultKey with { Repository = "OTHER" });

        await Store.LinkBlobAsync(linked.Id, BlobDigest("layer"), 10, Token);

        Assert.Null(await Store.FindBlobLinkAsync(other.Id, BlobDigest("layer"), Token));
    }

    [Fact]
    public async Task FindBlobLinkAsync_UnknownDigest_ReturnsNull()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.LinkBlobAsync(repository.Id, BlobDigest("layer"), 10, Token);

        Assert.Null(await Store.FindBlobLinkAsync(repository.Id, BlobDigest("other"), Token));
    }

    [Fact]
    public async Task FindRepositoriesLinkingAsync_SeveralRepositories_ReturnsEachLinkingRepositoryOnce()
    {
        AccountRecord account = await AccountAsync();
        RepositoryRecord first = await RepositoryAsync(account.Id, DefaultKey with { Repository = "FIRST" });
        RepositoryRecord notLinking = await RepositoryAsync(account.Id, DefaultKey with { Repository = "NOT_LINKING" });
        RepositoryRecord second = await RepositoryAsync(account.Id, DefaultKey with { Repository = "SECOND" });
        await Store.LinkBlobAsync(second.Id, BlobDigest("layer"), 10, Token);
        await Store.LinkBlobAsync(first.Id, BlobDigest("layer"), 10, Token);
        await Store.LinkBlobAsync(notLinking.Id, BlobDigest("other"), 10, Token);

        IReadOnlyList<long> linking = await Store.FindRepositoriesLinkingAsync(account.Id, BlobDigest("layer"), Token);

        Assert.Equal([first.Id, second.Id], linking.Order());
    }

    [Fact]
    public async Task FindRepositoriesLinkingAsync_AnotherAccountLinksTheBlob_ReturnsOnlyThisAccountsRepositories()
    {
        AccountRecord acme = await AccountAsync("ACME");
        AccountRecord other = await AccountAsync("OTHER");
        RepositoryRecord acmeRepository = await RepositoryAsync(acme.Id);
        RepositoryRecord otherRepository = await RepositoryAsync(other.Id);
        await Store.LinkBlobAsync(acmeRepository.Id, BlobDigest("layer"), 10, Token);
        await Store.LinkBlobAsync(otherRepository.Id, BlobDigest("layer"), 10, Token);

        Assert.Equal([acmeRepository.Id], await Store.FindRepositoriesLinkingAsync(acme.Id, BlobDigest("layer"), Token));
        Assert.Equal([otherRepository.Id], await Store.FindRepositoriesLinkingAsync(other.Id, BlobDigest("layer"), Token));
    }

    [Fact]
    public async Task FindRepositoriesLinkingAsync_UnlinkedDigest_ReturnsEmpty()
    {
        RepositoryRecord repository = await DefaultRepositoryAsync();
        await Store.LinkBlobAsync(repository.Id, BlobDigest("layer"), 10, Token);

        Assert.Empty(await Store.FindRepositoriesLinkingAsync(repository.AccountId, BlobDigest("other"), Token));
    }
}
