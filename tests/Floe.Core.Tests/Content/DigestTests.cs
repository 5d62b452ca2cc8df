using System.Text;
using Floe.Core.Content;

namespace Floe.Core.Tests.Content;

public class DigestTests
{
    private const string EmptySha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string AbcSha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string EmptySha512 =
        "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    private const string AbcSha512 =
        "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f";

    [Theory]
    [InlineData("sha256:" + AbcSha256, DigestAlgorithm.Sha256, AbcSha256)]
    [InlineData("sha512:" + AbcSha512, DigestAlgorithm.Sha512, AbcSha512)]
    [InlineData("sha256:0000000000000000000000000000000000000000000000000000000000000000", DigestAlgorithm.Sha256,
        "0000000000000000000000000000000000000000000000000000000000000000")]
    public void TryParse_ValidDigest_ReturnsPartsAndRoundTrips(string text, DigestAlgorithm algorithm, string hex)
    {
        Assert.True(Digest.TryParse(text, out Digest digest));

        Assert.Equal(algorithm, digest.Algorithm);
        Assert.Equal(hex, digest.Hex);
        Assert.Equal(text, digest.ToString());
        Assert.Equal(digest, Digest.Parse(digest.ToString()));
    }

    [Theory]
    [InlineData("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("sha256:Ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a")]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad0")]
    [InlineData("sha512:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:ga7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f2001 ad")]
    [InlineData("SHA256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha384:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData(":ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:")]
    [InlineData("sha256")]
    [InlineData(" sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\n")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_InvalidDigest_ReturnsFalse(string? text)
    {
        Assert.False(Digest.TryParse(text, out Digest digest));
        Assert.Equal(default, digest);
    }

    [Fact]
    public void Parse_InvalidDigest_ThrowsFormatException()
    {
        var exception = Assert.Throws<FormatException>(() => Digest.Parse("sha256:abc"));

        Assert.Equal("'sha256:abc' is not a valid digest.", exception.Message);
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, "", "sha256:" + EmptySha256)]
    [InlineData(DigestAlgorithm.Sha256, "abc", "sha256:" + AbcSha256)]
    [InlineData(DigestAlgorithm.Sha512, "", "sha512:" + EmptySha512)]
    [InlineData(DigestAlgorithm.Sha512, "abc", "sha512:" + AbcSha512)]
    public void Compute_KnownVectors_MatchPublishedHashes(DigestAlgorithm algorithm, string content, string expected)
    {
        Assert.Equal(expected, Digest.Compute(algorithm, Encoding.ASCII.GetBytes(content)).ToString());
    }

    [Fact]
    public void Sha256Of_EmptyJsonObject_IsTheOciEmptyDescriptorDigest()
    {
        Assert.Equal(
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
            Digest.Sha256Of("{}"u8).ToString());
    }

    [Fact]
    public void Equality_ParsedAndComputedDigestOfSameContent_AreEqual()
    {
        Assert.Equal(Digest.Parse("sha256:" + AbcSha256), Digest.Sha256Of("abc"u8));
    }

    [Theory]
    [InlineData(DigestAlgorithm.Sha256, "sha256", 64)]
    [InlineData(DigestAlgorithm.Sha512, "sha512", 128)]
    public void NameOfAndHexLength_EachAlgorithm_MatchSpec(DigestAlgorithm algorithm, string name, int hexLength)
    {
        Assert.Equal(name, Digest.NameOf(algorithm));
        Assert.Equal(hexLength, Digest.HexLength(algorithm));
    }
}
