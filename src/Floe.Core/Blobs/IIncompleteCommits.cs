namespace Floe.Core.Blobs;

/// <summary>
/// What a store's own commits can leave behind, invisible to readers, when the node running one dies
/// in the middle: on S3, an incomplete multipart upload on a blob's key, whose copied parts are stored
/// (and billed) until someone aborts it. Only stores that can leave such remains implement this; the
/// housekeeper discards them once they are older than any commit could be.
/// </summary>
public interface IIncompleteCommits
{
    /// <summary>Discards every incomplete commit of this store started before <paramref name="startedBefore"/>; answers how many.</summary>
    ValueTask<int> DiscardIncompleteCommitsAsync(DateTimeOffset startedBefore, CancellationToken cancellationToken);
}
