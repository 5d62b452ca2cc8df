using System.Security.Cryptography;
using Floe.Core.Blobs;
using Floe.Core.Content;
using Floe.Core.Metadata;

namespace Floe.Server.Maintenance;

/// <summary>What <see cref="StoreChecker.CheckAsync"/> looked at and how many problems it reported.</summary>
public sealed record CheckSummary(long Blobs, long Manifests, long Problems)
{
    public override string ToString() => $"checked {Blobs} blobs, {Manifests} manifests: {Problems} problems";
}

/// <summary>
/// <c>floe fsck</c>: re-hashes every committed blob against its digest (streaming, one blob at a time),
/// then checks that every manifest's blobs are in the blob store and linked to its repository, and that
/// its child manifests are stored. One line per problem; with repair, a corrupt blob is quarantined, so
/// it is never served again and the manifests that need it report it missing until it is pushed again.
/// </summary>
public sealed class StoreChecker(IBlobInventory inventory, IBlobReader blobs, IManifestAudit manifests)
{
    public async Task<CheckSummary> CheckAsync(bool repair, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        HashSet<Digest> healthy = [];
        HashSet<Digest> corrupt = [];
        long blobCount = 0;
        long problems = 0;
        await foreach (BlobInfo blob in inventory.ListBlobsAsync(cancellationToken))
        {
            Digest? actual = await HashAsync(blob.Digest, cancellationToken);
            if (actual is null)
            {
                continue; // Removed since it was listed: nothing left to check.
            }

            blobCount++;
            if (actual == blob.Digest)
            {
                healthy.Add(blob.Digest);
                continue;
            }

            problems++;
            string line = $"corrupt blob {blob.Digest} (its content hashes to {actual})";
            if (repair && await inventory.QuarantineAsync(blob.Digest, cancellationToken))
            {
                line += ": quarantined";
            }
            else
            {
                corrupt.Add(blob.Digest);
            }

            await output.WriteLineAsync(line.AsMemory(), cancellationToken);
        }

        long manifestCount = 0;
        await foreach (AuditedManifest manifest in manifests.ListManifestsForAuditAsync(cancellationToken))
        {
            manifestCount++;
            foreach (AuditedReference reference in manifest.References)
            {
                string? problem = ProblemOf(reference, healthy, corrupt);
                if (problem is not null)
                {
                    problems++;
                    await output.WriteLineAsync($"{problem} {reference.Digest} referenced by {manifest}".AsMemory(), cancellationToken);
                }
            }
        }

        CheckSummary summary = new(blobCount, manifestCount, problems);
        await output.WriteLineAsync(summary.ToString().AsMemory(), cancellationToken);
        return summary;
    }

    /// <summary>A corrupt blob left in place was reported once already, as corrupt; it is not also missing.</summary>
    private static string? ProblemOf(AuditedReference reference, HashSet<Digest> healthy, HashSet<Digest> corrupt) => reference switch
    {
        { Kind: ReferenceKind.Manifest, Backed: false } => "missing manifest",
        { Kind: ReferenceKind.Manifest } => null,
        _ when !healthy.Contains(reference.Digest) && !corrupt.Contains(reference.Digest) => "missing blob",
        { Backed: false } => "unlinked blob",
        _ => null,
    };

    private async Task<Digest?> HashAsync(Digest digest, CancellationToken cancellationToken)
    {
        await using Stream? content = await blobs.OpenReadAsync(digest, cancellationToken);
        if (content is null)
        {
            return null;
        }

        byte[] hash = digest.Algorithm == DigestAlgorithm.Sha256
            ? await SHA256.HashDataAsync(content, cancellationToken)
            : await SHA512.HashDataAsync(content, cancellationToken);
        return Digest.FromHash(digest.Algorithm, hash);
    }
}
