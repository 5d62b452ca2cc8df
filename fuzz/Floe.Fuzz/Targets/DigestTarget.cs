using Floe.Core.Content;

namespace Floe.Fuzz;

/// <summary>A digest from a URL or a descriptor: what parses prints back as exactly the same text.</summary>
internal static class DigestTarget
{
    public static void Run(byte[] input)
    {
        string text = FuzzTargets.Text(input);
        if (!Digest.TryParse(text, out Digest digest))
        {
            return;
        }

        FuzzTargets.Require(digest.ToString() == text, $"'{text}' parsed as '{digest}'");
        FuzzTargets.Require(digest.Hex.Length == Digest.HexLength(digest.Algorithm), $"'{text}' has {digest.Hex.Length} hex digits");
    }
}
