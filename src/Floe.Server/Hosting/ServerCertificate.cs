using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Floe.Server.Hosting;

/// <summary>
/// The TLS certificate <c>floe serve</c> presents on its <c>https://</c> addresses, from PEM files: the
/// leaf certificate with its private key, and the intermediate CA certificates that follow the leaf in the
/// certificate file, sent along so clients that trust only the root can build the chain. One wildcard
/// certificate (<c>*.registry.example.com</c>) covers every account host.
/// </summary>
public sealed record ServerCertificate(X509Certificate2 Certificate, X509Certificate2Collection Chain)
{
    /// <summary>
    /// Checks the TLS settings against the listen addresses and loads the certificate; null when TLS is off.
    /// Anything that cannot work is a <see cref="FloeConfigurationException"/> naming the setting.
    /// </summary>
    public static ServerCertificate? Load(ListenerOptions options)
    {
        bool httpsAddress = options.ListenUrls.Contains("https://", StringComparison.OrdinalIgnoreCase);
        if (!options.TlsEnabled)
        {
            return httpsAddress
                ? throw new FloeConfigurationException($"the listen address '{options.ListenUrls}' is https:// but no TLS certificate is configured: give --tls-cert and --tls-key")
                : !string.IsNullOrEmpty(options.TlsKeyPassword)
                    ? throw new FloeConfigurationException("a TLS key password is set but no TLS key: give --tls-cert and --tls-key")
                    : null;
        }

        if (string.IsNullOrWhiteSpace(options.TlsCert) || string.IsNullOrWhiteSpace(options.TlsKey))
        {
            string missing = string.IsNullOrWhiteSpace(options.TlsCert) ? "--tls-cert (TlsCert, FLOE_TLSCERT)" : "--tls-key (TlsKey, FLOE_TLSKEY)";
            throw new FloeConfigurationException($"TLS needs both a certificate and its private key: {missing} is missing");
        }

        if (!httpsAddress)
        {
            throw new FloeConfigurationException($"a TLS certificate is configured but the listen address '{options.ListenUrls}' has no https:// address");
        }

        string certPath = RequireFile(options.TlsCert, "TLS certificate file (--tls-cert)");
        string keyPath = RequireFile(options.TlsKey, "TLS key file (--tls-key)");
        X509Certificate2 certificate = LoadWithKey(certPath, keyPath, options.TlsKeyPassword);
        X509Certificate2Collection inFile = [];
        inFile.ImportFromPemFile(certPath);
        X509Certificate2Collection chain = [.. inFile.Where(c => !c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span))];
        return new ServerCertificate(certificate, chain);
    }

    private static X509Certificate2 LoadWithKey(string certPath, string keyPath, string? password)
    {
        try
        {
            if (!string.IsNullOrEmpty(password))
            {
                return X509Certificate2.CreateFromEncryptedPemFile(certPath, password, keyPath);
            }

            if (File.ReadAllText(keyPath).Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal))
            {
                throw new FloeConfigurationException($"the TLS key file '{keyPath}' is encrypted: give its passphrase with TlsKeyPassword (FLOE_TLSKEYPASSWORD)");
            }

            return X509Certificate2.CreateFromPemFile(certPath, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new FloeConfigurationException($"could not load the TLS certificate '{certPath}' with the key '{keyPath}': {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            // CopyWithPrivateKey's answer when the key is well-formed but belongs to another certificate.
            string reason = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            throw new FloeConfigurationException($"could not load the TLS certificate '{certPath}' with the key '{keyPath}': {reason}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FloeConfigurationException($"could not read the TLS certificate '{certPath}' or the key '{keyPath}': {ex.Message}", ex);
        }
    }

    private static string RequireFile(string path, string what)
    {
        string full = Path.GetFullPath(path);
        return File.Exists(full) ? full : throw new FloeConfigurationException($"the {what} '{path}' does not exist");
    }
}
