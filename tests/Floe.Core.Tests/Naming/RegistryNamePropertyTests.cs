using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Floe.Core.Naming;

namespace Floe.Core.Tests.Naming;

/// <summary>
/// The name and tag validators against the distribution spec's grammars, on generated strings that sit
/// near the boundaries (separators doubled, tripled, leading, trailing; upper case; lengths around the
/// limits). A fixed seed makes every run check the same strings.
/// </summary>
public class RegistryNamePropertyTests
{
    /// <summary>One path component of an OCI repository name.</summary>
    private static readonly Regex Component = new(@"\A[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*\z", RegexOptions.CultureInvariant);

    /// <summary>The whole OCI name: components separated by <c>/</c>.</summary>
    private static readonly Regex OciName = new(@"\A[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant);

    private static readonly Regex OciTag = new(@"\A[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}\z", RegexOptions.CultureInvariant);

    [Property(Arbitrary = [typeof(NameStrings)], MaxTest = 5000, Replay = "(20261204,1035)")]
    public void IsImageComponent_GeneratedString_AgreesWithTheGrammar(string component)
    {
        Assert.Equal(Component.IsMatch(component), RegistryName.IsImageComponent(component));
    }

    /// <summary>
    /// Floe's names are <c>&lt;database&gt;/&lt;schema&gt;/&lt;repository&gt;/&lt;image&gt;</c>: of at most 255 characters as
    /// sent, the first three components SQL identifiers (a <c>$</c> sent as <c>%24</c>), the image an OCI name.
    /// The first three are fixed and valid here, so the image path and the length decide.
    /// </summary>
    [Property(Arbitrary = [typeof(NameStrings)], MaxTest = 3000, Replay = "(20261204,1037)")]
    public void TryParse_GeneratedImagePath_AcceptsExactlyTheGrammar(string image)
    {
        string name = "my_db/public/repo%24x/" + image;

        bool accepted = RegistryName.TryParse(name, out RegistryName? parsed, out _);

        Assert.Equal(OciName.IsMatch(image) && name.Length <= RegistryName.MaxLength, accepted);
        if (accepted)
        {
            Assert.Equal((new RepositoryKey("MY_DB", "PUBLIC", "REPO$X"), image), (parsed!.Repository, parsed.Image));
        }
    }

    [Property(Arbitrary = [typeof(NameStrings)], MaxTest = 5000, Replay = "(20261204,1039)")]
    public void IsValid_GeneratedTag_AgreesWithTheGrammar(string tag)
    {
        Assert.Equal(OciTag.IsMatch(tag), Tag.IsValid(tag));
    }

    /// <summary>Strings built from the characters and pieces the grammars turn on.</summary>
    public static class NameStrings
    {
        private static readonly string[] Pieces =
            ["a", "z", "0", "9", "ab", "x1", ".", "_", "__", "___", "-", "--", "---", "/", "//", "A", "Z", ".-", "_.", "-_", ":", " ", "é", "%24", "@"];

        public static Arbitrary<string> Strings() => Gen.Frequency(
            (6, Gen.Choose(0, 10).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)).Select(p => string.Concat(p))),
            // Around the length limits: tags of 127 to 129 characters, image paths that bring names near 255.
            (1, Gen.Choose(120, 130).SelectMany(n => Gen.Elements("a", "_", "A", ".").Select(first => first + new string('b', n - 1)))),
            (1, Gen.Choose(225, 240).SelectMany(n => Gen.Elements("", "/c", "-", "__d").Select(tail => new string('a', n) + tail)))).ToArbitrary();
    }
}
