using Floe.Server.Hosting;
using Microsoft.Extensions.Configuration;

namespace Floe.Server.Tests.Hosting;

/// <summary>Every setting keeps its one flat name, whichever feature's options record reads it.</summary>
public sealed class FloeSettingsTests
{
    [Fact]
    public void Bind_EveryFlatKey_ReachesTheRecordOfItsFeature()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Listen"] = "https://0.0.0.0:8443",
            ["TlsCert"] = "c.pem",
            ["TlsKey"] = "k.pem",
            ["TlsKeyPassword"] = "pass",
            ["PublicPort"] = "443",
            ["ShutdownTimeout"] = "00:00:05",
            ["DataDir"] = "/srv/floe",
            ["MetadataStore"] = "postgres",
            ["MetadataConnectionString"] = "Host=db",
            ["BlobStore"] = "s3",
            ["BootstrapAccount"] = "PROD",
            ["AdminUser"] = "ROOT",
            ["AdminPassword"] = "pw",
            ["Domain"] = "registry.example.com",
            ["Organization"] = "ACME",
            ["DefaultAccount"] = "",
            ["MaxManifestBytes"] = "1024",
            ["MaxPageSize"] = "10",
            ["UploadIdleTimeout"] = "02:00:00",
            ["UploadSweepInterval"] = "00:01:00",
            ["PasswordHashIterations"] = "1000",
            ["SessionLifetime"] = "00:30:00",
            ["RequireAuthentication"] = "false",
            ["RegistryTokenLifetime"] = "00:02:00",
            ["RefreshTokenLifetime"] = "1.00:00:00",
            ["SigningKeyLifetime"] = "7.00:00:00",
            ["SigningKeyRefreshInterval"] = "00:00:30",
            ["Metrics"] = "false",
            ["LogFormat"] = "json",
        }).Build();

        FloeSettings settings = FloeSettings.Bind(configuration);

        Assert.Equal(
            new ListenerOptions { Listen = "https://0.0.0.0:8443", TlsCert = "c.pem", TlsKey = "k.pem", TlsKeyPassword = "pass", PublicPort = 443, ShutdownTimeout = TimeSpan.FromSeconds(5) },
            settings.Listener);
        Assert.Equal(new StorageOptions { DataDir = "/srv/floe", MetadataStore = "postgres", MetadataConnectionString = "Host=db", BlobStore = "s3" }, settings.Storage);
        Assert.Equal(new BootstrapOptions { DataDir = "/srv/floe", BootstrapAccount = "PROD", AdminUser = "ROOT", AdminPassword = "pw" }, settings.Bootstrap);
        Assert.Equal(new Floe.Server.Tenancy.TenancyOptions { Domain = "registry.example.com", Organization = "ACME", DefaultAccount = "" }, settings.Tenancy);
        Assert.Equal(new Floe.Server.Registry.RegistryOptions { MaxManifestBytes = 1024, MaxPageSize = 10 }, settings.Registry);
        Assert.Equal(new HousekeepingOptions { UploadIdleTimeout = TimeSpan.FromHours(2), UploadSweepInterval = TimeSpan.FromMinutes(1) }, settings.Housekeeping);
        Assert.Equal(
            new Floe.Server.Authentication.TokenOptions
            {
                PasswordHashIterations = 1000,
                SessionLifetime = TimeSpan.FromMinutes(30),
                RequireAuthentication = false,
                RegistryTokenLifetime = TimeSpan.FromMinutes(2),
                RefreshTokenLifetime = TimeSpan.FromDays(1),
                SigningKeyLifetime = TimeSpan.FromDays(7),
                SigningKeyRefreshInterval = TimeSpan.FromSeconds(30),
            },
            settings.Tokens);
        Assert.Equal(new Floe.Server.Observability.ObservabilityOptions { Metrics = false, LogFormat = "json" }, settings.Observability);
    }

    [Fact]
    public void Bind_NothingSet_IsTheDefaults()
    {
        FloeSettings settings = FloeSettings.Bind(new ConfigurationBuilder().Build());

        Assert.Equal(new FloeSettings(), settings);
        Assert.Equal("sqlite", settings.Storage.MetadataStore);
        Assert.Equal("filesystem", settings.Storage.BlobStore);
    }
}
