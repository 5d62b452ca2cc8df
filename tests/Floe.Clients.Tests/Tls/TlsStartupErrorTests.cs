using Floe.Clients.Tests.Infrastructure;

namespace Floe.Clients.Tests.Tls;

/// <summary>TLS settings that cannot work stop <c>floe serve</c> at once with exit code 2 and a message, never a stack trace.</summary>
public sealed class TlsStartupErrorTests : IDisposable
{
    private readonly TestCertificates _certificates = TestCertificates.Create();
    private readonly TestCertificates _other = TestCertificates.Create();
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "floe-e2e-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        _certificates.Dispose();
        _other.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Serve_KeyFileMissing_ExitsWithUsageErrorNamingTheFile()
    {
        string missing = Path.Combine(_certificates.Directory, "absent.key");

        Tool.Run run = await ServeAsync("--tls-cert", _certificates.CertFile, "--tls-key", missing);

        AssertCleanFailure(run, $"the TLS key file (--tls-key) '{missing}' does not exist");
    }

    [Fact]
    public async Task Serve_CertificateWithoutKey_ExitsSayingBothAreNeeded()
    {
        Tool.Run run = await ServeAsync("--tls-cert", _certificates.CertFile);

        AssertCleanFailure(run, "TLS needs both a certificate and its private key: --tls-key");
    }

    [Fact]
    public async Task Serve_KeyOfAnotherCertificate_ExitsSayingTheKeyDoesNotMatch()
    {
        Tool.Run run = await ServeAsync("--tls-cert", _certificates.CertFile, "--tls-key", _other.KeyFile);

        AssertCleanFailure(run, $"could not load the TLS certificate '{_certificates.CertFile}' with the key '{_other.KeyFile}'");
    }

    [Fact]
    public async Task Serve_HttpsListenWithoutCertificate_ExitsAskingForOne()
    {
        Tool.Run run = await ServeAsync("--listen", "https://127.0.0.1:5999");

        AssertCleanFailure(run, "the listen address 'https://127.0.0.1:5999' is https:// but no TLS certificate is configured: give --tls-cert and --tls-key");
    }

    private Task<Tool.Run> ServeAsync(params string[] arguments) =>
        Tool.RunAsync("dotnet", [FloeBinary.Path, "serve", "--data-dir", _dataDir, .. arguments]);

    private static void AssertCleanFailure(Tool.Run run, string message)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("floe serve: " + message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }
}
