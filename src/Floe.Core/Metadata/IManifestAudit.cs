using Floe.Core.Content;

namespace Floe.Core.Metadata;

/// <summary>What a manifest references: a blob (layer, config) or a child manifest (of an index).</summary>
public enum ReferenceKind
{
    Blob,
    Manifest,
}

/// <summary>
/// One reference of a manifest and whether the metadata store backs it: a blob the manifest's
/// repository links, a child manifest stored in the same image.
/// </summary>
public sealed record AuditedReference(ReferenceKind Kind, Digest Digest, bool Backed);

/// <summary>
/// A stored manifest and its references, named as an operator reads it:
/// <c>ACCOUNT/db/schema/repo/image@digest</c>.
/// </summary>
public sealed record AuditedManifest(string Account, string ImagePath, Digest Digest, IReadOnlyList<AuditedReference> References)
{
    public override string ToString() => $"{Account}/{ImagePath}@{Digest}";
}

/// <summary>Every manifest of every account with what it references, for <c>floe fsck</c>.</summary>
public interface IManifestAudit
{
    /// <summary>Every manifest of every account, each once with all its references; streams, whatever their number.</summary>
    IAsyncEnumerable<AuditedManifest> ListManifestsForAuditAsync(CancellationToken cancellationToken);
}
