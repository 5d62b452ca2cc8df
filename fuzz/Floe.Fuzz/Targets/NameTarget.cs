using Floe.Core.Naming;

namespace Floe.Fuzz;

/// <summary>
/// A repository name and reference from a request path: <c>&lt;name&gt;</c> up to the first <c>:</c> and the
/// tag after it. A name that parses prints as a name that parses to the same repository and image.
/// </summary>
internal static class NameTarget
{
    public static void Run(byte[] input)
    {
        string text = FuzzTargets.Text(input);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string name = colon < 0 ? text : text[..colon];
        string tag = colon < 0 ? text : text[(colon + 1)..];

        if (RegistryName.TryParse(name, out RegistryName? parsed, out string? problem))
        {
            FuzzTargets.Require(problem is null, "a parsed name with a problem");
            string printed = parsed.ToString();
            FuzzTargets.Require(
                RegistryName.TryParse(printed, out RegistryName? again, out _) && again == parsed,
                $"'{name}' printed as '{printed}', which does not parse to the same name");
        }
        else
        {
            FuzzTargets.Require(!string.IsNullOrEmpty(problem), $"'{name}' refused without a reason");
        }

        if (Tag.IsValid(tag))
        {
            FuzzTargets.Require(tag.Length is > 0 and <= Tag.MaxLength, $"tag of {tag.Length} characters accepted");
        }

        if (UrlIdentifier.ToStored(name) is { } stored)
        {
            FuzzTargets.Require(UrlIdentifier.ToStored(UrlIdentifier.ToUrl(stored)) == stored, $"identifier '{name}' does not survive its URL form");
        }
    }
}
