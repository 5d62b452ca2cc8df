using Floe.Core.Content;

namespace Floe.Core.Manifests;

/// <summary>
/// What Floe needs to know about a manifest it accepts: its kind, what it references and the
/// fields the referrers API reports. The manifest itself is stored byte-exact; this is never
/// serialized back.
/// </summary>
/// <param name="MediaType">The effective media type: one of the four in <see cref="MediaTypes.IsManifest"/>.</param>
/// <param name="ArtifactType">
/// The type the referrers API reports: the manifest's <c>artifactType</c>, or for an image manifest
/// without one, its config's media type.
/// </param>
/// <param name="Subject">The manifest this one refers to, if any.</param>
/// <param name="Config">The config descriptor of an image manifest; null for an index.</param>
/// <param name="Layers">The layers of an image manifest; empty for an index.</param>
/// <param name="Manifests">The child manifests of an index; empty for an image manifest.</param>
/// <param name="AnnotationsJson">The exact JSON text of the top-level <c>annotations</c> object, or null.</param>
public sealed record ParsedManifest(
    string MediaType,
    string? ArtifactType,
    Descriptor? Subject,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers,
    IReadOnlyList<Descriptor> Manifests,
    string? AnnotationsJson)
{
    /// <summary>
    /// The blobs that must be in the repository before the manifest is accepted: the config and every
    /// layer except those a client may keep outside the registry (foreign and non-distributable layer
    /// types, and layers that say where to fetch them with <c>urls</c>).
    /// </summary>
    public IEnumerable<Descriptor> RequiredBlobs
    {
        get
        {
            IEnumerable<Descriptor> layers = Layers.Where(IsDistributable);
            return Config is null ? layers : layers.Prepend(Config);
        }
    }

    private static bool IsDistributable(Descriptor layer) =>
        !MediaTypes.IsNonDistributableLayer(layer.MediaType) && layer.Urls is not { Count: > 0 };
}
