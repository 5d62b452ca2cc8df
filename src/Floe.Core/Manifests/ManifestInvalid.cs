using Floe.Core.Errors;

namespace Floe.Core.Manifests;

/// <summary>Builds the <c>MANIFEST_INVALID</c> errors of the parser, each with a detail that says what is wrong.</summary>
internal static class ManifestInvalid
{
    /// <summary>Longest piece of client text echoed back in a detail.</summary>
    private const int MaxEchoLength = 100;

    public static RegistryError Because(string detail) => new(RegistryErrors.ManifestInvalid, detail);

    /// <summary>Client text quoted for a detail, cut short so that a hostile body cannot make the error huge.</summary>
    public static string Quote(string text) =>
        text.Length <= MaxEchoLength ? $"'{text}'" : $"'{text[..MaxEchoLength]}…'";
}
