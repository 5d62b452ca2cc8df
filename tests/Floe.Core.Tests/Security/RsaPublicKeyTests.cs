using System.Security.Cryptography;
using Floe.Core.Security;

namespace Floe.Core.Tests.Security;

public sealed class RsaPublicKeyTests
{
    // A key made with "openssl genrsa 2048 | openssl rsa -pubout", and the fingerprint openssl prints for it:
    // openssl rsa -pubin -in key.pub -outform DER | openssl dgst -sha256 -binary | openssl enc -base64
    private const string OpensslBody = """
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvFx1sD8Mn8vSnVRVpXkZ
        xskMJeljWIRZDNy5zJuLn5Eq1CK0kbhCm8hp910FYEHiP9PNg7J7g3B6ZcNVLQHH
        gaCveaAEbLacGODaNZDLdxvgvI4efjfIwad39xdyGwv6JDF97Fyg5oqCtyeLaDWN
        ETwQ10b1lJa0STxbU4Sqpfd3ThK+rrjTTpdHBb21IrIeoUWEwICqwToQ2CDwDGHG
        xP0Lkr7gDH6ilcZgXqxRP2jA4MqnNfgOv3djdJJlWxUFqsVskxHtDNDYMjBqzBcp
        fghP7xU9CiG5BQnDcumFR1kRy5a6x29TpzxQYc9v3QzxiRn2veisaxMErEHGWJxo
        KQIDAQAB
        """;

    private const string OpensslFingerprint = "SHA256:w+oTnvVzYHHHv4GH0tZaKzgdd+lCGQD1Qfx4houi5LM=";

    [Fact]
    public void TryParse_PemBodyWithLineBreaks_FingerprintIsWhatOpensslPrints()
    {
        Assert.True(RsaPublicKey.TryParse(OpensslBody, out RsaPublicKey? key));

        Assert.Equal(OpensslFingerprint, key!.Fingerprint);
        Assert.Equal(string.Concat(OpensslBody.Where(c => !char.IsWhiteSpace(c))), key.Body);
    }

    [Fact]
    public void TryParse_WholePemWithHeaderAndFooter_SameKeyAsTheBody()
    {
        string pem = "-----BEGIN PUBLIC KEY-----\n" + OpensslBody + "\n-----END PUBLIC KEY-----\n";

        Assert.True(RsaPublicKey.TryParse(pem, out RsaPublicKey? key));

        Assert.Equal(OpensslFingerprint, key!.Fingerprint);
    }

    [Fact]
    public void TryParse_GeneratedKey_FingerprintIsSha256OfTheDer()
    {
        using RSA rsa = RSA.Create(2048);
        byte[] der = rsa.ExportSubjectPublicKeyInfo();

        Assert.True(RsaPublicKey.TryParse(Convert.ToBase64String(der), out RsaPublicKey? key));

        Assert.Equal("SHA256:" + Convert.ToBase64String(SHA256.HashData(der)), key!.Fingerprint);
    }

    [Fact]
    public void ToRsa_ParsedKey_VerifiesWhatThePrivateKeySigned()
    {
        using RSA signer = RSA.Create(2048);
        Assert.True(RsaPublicKey.TryParse(Convert.ToBase64String(signer.ExportSubjectPublicKeyInfo()), out RsaPublicKey? key));
        byte[] signature = signer.SignData("payload"u8, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        using RSA verifier = key!.ToRsa();

        Assert.True(verifier.VerifyData("payload"u8, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not base64 at all!")]
    [InlineData("aGVsbG8gd29ybGQ=")]
    [InlineData("-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----")]
    public void TryParse_NotAnRsaPublicKey_ReturnsFalse(string text)
    {
        Assert.False(RsaPublicKey.TryParse(text, out RsaPublicKey? key));
        Assert.Null(key);
    }

    [Fact]
    public void TryParse_KeyFollowedByExtraBytes_ReturnsFalse()
    {
        using RSA rsa = RSA.Create(2048);
        byte[] padded = [.. rsa.ExportSubjectPublicKeyInfo(), 0, 0];

        Assert.False(RsaPublicKey.TryParse(Convert.ToBase64String(padded), out _));
    }

    [Fact]
    public void TryParse_EcKey_ReturnsFalse()
    {
        using ECDsa ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(RsaPublicKey.TryParse(Convert.ToBase64String(ec.ExportSubjectPublicKeyInfo()), out _));
    }
}
