using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Floe.Core.Content;

namespace Floe.Core.Tests.Content;

/// <summary>
/// The digest parser against the grammar: the OCI image spec's <c>algorithm ":" encoded</c>, narrowed to
/// the two algorithms Floe accepts, each with lower-case hex of its hash's length. Strings are generated
/// near the boundary (valid digests, then one edit away) as well as at random; a fixed seed makes every
/// run check the same strings.
/// </summary>
public class DigestPropertyTests
{
    /// <summary>The OCI digest grammar (any registered or unregistered algorithm).</summary>
    private static readonly Regex OciDigest = new(@"\A[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+\z", RegexOptions.CultureInvariant);

    /// <summary>What Floe accepts of it: sha256 and sha512, encoded as lower-case hex of the right length.</summary>
    private static readonly Regex FloeDigest = new(@"\A(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})\z", RegexOptions.CultureInvariant);

    [Property(Arbitrary = [typeof(DigestStrings)], MaxTest = 5000, Replay = "(20261204,1033)")]
    public void TryParse_GeneratedString_AcceptsExactlyTheGrammar(string text)
    {
        bool accepted = Digest.TryParse(text, out Digest digest);

        Assert.Equal(FloeDigest.IsMatch(text), accepted);
        if (accepted)
        {
            Assert.Matches(OciDigest, text);
            Assert.Equal(text, digest.ToString());
        }
    }

    /// <summary>Valid digests, and digests one edit away from valid: a character changed, added or removed anywhere.</summary>
    public static class DigestStrings
    {
        private static readonly string[] Algorithms = ["sha256", "sha512", "SHA256", "sha384", "sha256+b64u", "md5", "", "sha"];
        private const string Characters = "0123456789abcdefABCDEFgz:+._-= \n\0é";

        public static Arbitrary<string> Strings() => Gen.Frequency(
            (3, Valid),
            (6, Valid.SelectMany(Edit)),
            (2, Gen.Elements(Algorithms).SelectMany(a => Hex(0, 130).Select(h => a + ":" + h))),
            (1, Gen.ArrayOf(Gen.Elements(Characters.ToCharArray())).Select(c => new string(c)))).ToArbitrary();

        private static Gen<string> Valid => Gen.OneOf(
            Hex(64, 64).Select(h => "sha256:" + h),
            Hex(128, 128).Select(h => "sha512:" + h));

        private static Gen<string> Hex(int minimum, int maximum) =>
            Gen.Choose(minimum, maximum).SelectMany(n => Gen.ArrayOf(Gen.Elements("0123456789abcdef".ToCharArray()), n)).Select(c => new string(c));

        private static Gen<string> Edit(string text) =>
            Gen.Choose(0, text.Length - 1).SelectMany(at => Gen.Elements(Characters.ToCharArray()).SelectMany(c => Gen.Choose(0, 2).Select(kind => kind switch
            {
                0 => text[..at] + c + text[(at + 1)..],
                1 => text[..at] + c + text[at..],
                _ => text.Remove(at, 1),
            })));
    }
}
