namespace Floe.Core.Content;

/// <summary>An OCI content descriptor: what a manifest says about a blob or a child manifest.</summary>
public sealed record Descriptor(string MediaType, Digest Digest, long Size)
{
    public string? ArtifactType { get; init; }

    public IReadOnlyDictionary<string, string>? Annotations { get; init; }

    /// <summary>Where the content may be fetched from outside the registry (foreign or non-distributable layers).</summary>
    public IReadOnlyList<string>? Urls { get; init; }
}
