using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Floe.Server.Hosting;

namespace Floe.Server.Tests.Hosting;

/// <summary>The TLS settings of <c>floe serve</c>: which PEM keys load, what goes in the chain, and the public port.</summary>
public sealed class ServerCertificateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("floe-cert-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_Pkcs1RsaKey_LoadsTheCertificateWithItsKey()
    {
        using RSA key = RSA.Create(2048);
        ListenerOptions options = Write(new CertificateRequest("CN=rsa", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), key.ExportRSAPrivateKeyPem());

        ServerCertificate? loaded = ServerCertificate.Load(options);

        Assert.NotNull(loaded);
        Assert.True(loaded.Certificate.HasPrivateKey);
        Assert.Empty(loaded.Chain);
    }

    [Fact]
    public void Load_Sec1EcKey_LoadsTheCertificateWithItsKey()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ListenerOptions options = Write(new CertificateRequest("CN=ec", key, HashAlgorithmName.SHA256), key.ExportECPrivateKeyPem());

        Assert.True(ServerCertificate.Load(options)!.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Load_EncryptedKeyWithItsPassword_Loads()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = key.ExportEncryptedPkcs8PrivateKeyPem("pass-phrase", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        ListenerOptions options = Write(new CertificateRequest("CN=enc", key, HashAlgorithmName.SHA256), pem) with { TlsKeyPassword = "pass-phrase" };

        Assert.True(ServerCertificate.Load(options)!.Certificate.HasPrivateKey);
    }

    [Fact]
    public void Load_EncryptedKeyWithoutPassword_SaysTheKeyIsEncrypted()
    {
        using ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = key.ExportEncryptedPkcs8PrivateKeyPem("pass-phrase", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000));
        ListenerOptions options = Write(new CertificateRequest("CN=enc", key, HashAlgorithmName.SHA256), pem);

        FloeConfigurationException error = Assert.Throws<FloeConfigurationException>(() => ServerCertificate.Load(options));

        Assert.Contains("is encrypted: give its passphrase with TlsKeyPassword", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LeafFollowedByIntermediate_SendsTheIntermediateAsChain()
    {
        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest caRequest = new("CN=intermediate", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using X509Certificate2 ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using X509Certificate2 leaf = new CertificateRequest("CN=leaf", leafKey, HashAlgorithmName.SHA256)
            .Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3]);
        ListenerOptions options = Options(leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem(), leafKey.ExportPkcs8PrivateKeyPem());

        ServerCertificate loaded = ServerCertificate.Load(options)!;

        Assert.Equal(leaf.Thumbprint, loaded.Certificate.Thumbprint);
        Assert.Equal(ca.Thumbprint, Assert.Single(loaded.Chain).Thumbprint);
    }

    [Fact]
    public void Load_NoTlsSettings_IsNull() => Assert.Null(ServerCertificate.Load(new ListenerOptions()));

    [Fact]
    public void Load_CertificateWithoutKey_NamesTheMissingSetting()
    {
        FloeConfigurationException error = Assert.Throws<FloeConfigurationException>(() => ServerCertificate.Load(new ListenerOptions { TlsCert = "server.crt" }));

        Assert.Equal("TLS needs both a certificate and its private key: --tls-key (TlsKey, FLOE_TLSKEY) is missing", error.Message);
    }

    [Fact]
    public void Load_CertificateButOnlyHttpAddress_IsRefused()
    {
        FloeConfigurationException error = Assert.Throws<FloeConfigurationException>(() => ServerCertificate.Load(
            new ListenerOptions { TlsCert = "server.crt", TlsKey = "server.key", Listen = "http://0.0.0.0:5000" }));

        Assert.Contains("has no https:// address", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, false, "http://127.0.0.1:5000", ":5000")]
    [InlineData(null, true, "https://127.0.0.1:5000", ":5000")]
    [InlineData("https://0.0.0.0:443", true, "https://0.0.0.0:443", "")]
    [InlineData("https://*:443", true, "https://*:443", "")]
    [InlineData("http://0.0.0.0:80", false, "http://0.0.0.0:80", "")]
    [InlineData("https://0.0.0.0:80", true, "https://0.0.0.0:80", ":80")]
    [InlineData("http://0.0.0.0:443", false, "http://0.0.0.0:443", ":443")]
    [InlineData("http://0.0.0.0:80;https://0.0.0.0:8443", true, "http://0.0.0.0:80;https://0.0.0.0:8443", ":8443")]
    public void PublicPortSuffix_FollowsTheSchemeOfTheListenAddress(string? listen, bool tls, string listenUrls, string suffix)
    {
        ListenerOptions options = tls ? new() { Listen = listen, TlsCert = "c", TlsKey = "k" } : new() { Listen = listen };

        Assert.Equal(listenUrls, options.ListenUrls);
        Assert.Equal(suffix, options.PublicPortSuffix);
    }

    [Theory]
    [InlineData(443, "")]
    [InlineData(80, "")]
    [InlineData(8443, ":8443")]
    public void PublicPortSuffix_ConfiguredPort_WinsOverTheListenAddress(int port, string suffix) =>
        Assert.Equal(suffix, new ListenerOptions { Listen = "https://0.0.0.0:5000", TlsCert = "c", TlsKey = "k", PublicPort = port }.PublicPortSuffix);

    private ListenerOptions Write(CertificateRequest request, string keyPem)
    {
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return Options(certificate.ExportCertificatePem(), keyPem);
    }

    private ListenerOptions Options(string certificatePem, string keyPem)
    {
        string cert = Path.Combine(_directory, "server.crt");
        string key = Path.Combine(_directory, "server.key");
        File.WriteAllText(cert, certificatePem);
        File.WriteAllText(key, keyPem);
        return new ListenerOptions { TlsCert = cert, TlsKey = key };
    }
}
