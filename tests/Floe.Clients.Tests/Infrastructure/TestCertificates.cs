using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Floe.Clients.Tests.Infrastructure;

/// <summary>
/// A throwaway PKI as PEM files in a temporary directory: a root CA (<c>ca.crt</c>, the one file clients are
/// told to trust), an intermediate CA, and a server certificate for <c>*.registry.localhost</c>,
/// <c>registry.localhost</c> and 127.0.0.1 signed by the intermediate. <c>server.crt</c> holds the leaf then
/// the intermediate, so serving it proves the chain reaches clients; <c>server.key</c> is the leaf's PKCS#8 key.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(string directory, X509Certificate2 root)
    {
        Directory = directory;
        Root = root;
    }

    /// <summary>Holds <c>ca.crt</c> only: what skopeo's <c>--cert-dir</c> and docker's <c>certs.d/&lt;host&gt;/</c> take.</summary>
    public string Directory { get; }

    public X509Certificate2 Root { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public string CertFile => Path.Combine(ServerDirectory, "server.crt");

    public string KeyFile => Path.Combine(ServerDirectory, "server.key");

    private string ServerDirectory => Path.Combine(Directory, "server");

    public static TestCertificates Create()
    {
        string directory = Path.Combine(Path.GetTempPath(), "floe-tls-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "server"));
        DateTimeOffset now = DateTimeOffset.UtcNow;

        using ECDsa rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest rootRequest = new("CN=Floe Test Root CA", rootKey, HashAlgorithmName.SHA256);
        AddCaExtensions(rootRequest);
        X509Certificate2 root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using ECDsa intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest intermediateRequest = new("CN=Floe Test Intermediate CA", intermediateKey, HashAlgorithmName.SHA256);
        AddCaExtensions(intermediateRequest);
        using X509Certificate2 intermediatePublic = intermediateRequest.Create(root, now.AddDays(-1), now.AddDays(20), RandomSerial());
        using X509Certificate2 intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using ECDsa leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest leafRequest = new("CN=*.registry.localhost", leafKey, HashAlgorithmName.SHA256);
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        SubjectAlternativeNameBuilder names = new();
        names.AddDnsName("*.registry.localhost");
        names.AddDnsName("registry.localhost");
        names.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(leafRequest.PublicKey, false));
        using X509Certificate2 leaf = leafRequest.Create(intermediate, now.AddDays(-1), now.AddDays(10), RandomSerial());

        File.WriteAllText(Path.Combine(directory, "ca.crt"), root.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(directory, "server", "server.crt"), leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem() + "\n");
        File.WriteAllText(Path.Combine(directory, "server", "server.key"), leafKey.ExportPkcs8PrivateKeyPem() + "\n");
        return new TestCertificates(directory, root);
    }

    /// <summary>An HTTP handler that trusts exactly <see cref="Root"/> and still checks the host name.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                {
                    return false;
                }

                using X509Chain custom = new();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.Add(Root);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (chain is not null)
                {
                    custom.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
                }

                using X509Certificate2 presented = new(certificate);
                return custom.Build(presented);
            },
        },
    };

    public void Dispose()
    {
        Root.Dispose();
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static void AddCaExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static byte[] RandomSerial() => RandomNumberGenerator.GetBytes(16);
}
