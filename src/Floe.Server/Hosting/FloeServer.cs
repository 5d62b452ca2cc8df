using Floe.Core.Blobs;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Server.Authentication;
using Floe.Server.Sql;
using Floe.Sql.Execution;
using Floe.Metadata.Sqlite;
using Floe.Server.Endpoints;
using Floe.Server.Observability;
using Floe.Server.Registry;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Floe.Server.Hosting;

/// <summary>Builds the Floe web application: services, Kestrel limits, endpoints, first-start bootstrap.</summary>
public static class FloeServer
{
    /// <summary>
    /// Creates the application from configuration (see <see cref="FloeServerOptions"/>), with the data
    /// stores migrated and bootstrapped, ready to run. Settings that cannot work throw
    /// <see cref="FloeConfigurationException"/>.
    /// </summary>
    public static async Task<WebApplication> CreateAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        string? configFile,
        Action<WebApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        if (configFile is not null)
        {
            builder.Configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        builder.Configuration.AddEnvironmentVariables("FLOE_");
        // PRODUCT.md §1.4 names FLOE_ADMIN_PASSWORD, which the prefix mapping above would read as "ADMIN_PASSWORD".
        if (Environment.GetEnvironmentVariable("FLOE_ADMIN_PASSWORD") is { } adminPassword)
        {
            builder.Configuration.AddInMemoryCollection([new(nameof(FloeServerOptions.AdminPassword), adminPassword)]);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        FloeServerOptions options = builder.Configuration.Get<FloeServerOptions>() ?? new FloeServerOptions();

        // TLS problems surface here, as a FloeConfigurationException, before anything is bootstrapped.
        ServerCertificate? tls = ServerCertificate.Load(options);
        builder.WebHost.UseUrls(options.ListenUrls);
        // Kestrel's sockets receive into blocks of this pool, 32 KiB instead of 4 KiB, so a blob upload
        // arrives in an eighth of the receive calls. Each connection still waits for data with a
        // zero-byte read before it takes a block, so idle connections hold none.
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (tls is not null)
            {
                kestrel.ConfigureHttpsDefaults(https =>
                {
                    https.ServerCertificate = tls.Certificate;
                    https.ServerCertificateChain = tls.Chain;
                });
            }

            kestrel.AddServerHeader = false;
            // Blob uploads stream without a size cap; manifest and JSON bodies are capped where they are read.
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        ConfigureLogging(builder.Logging, options);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddFloeRegistry(options);
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        await app.Services.GetRequiredService<Bootstrapper>().RunAsync(cancellationToken);
        // The first node to start generates the registry-token signing key; the others read it.
        await app.Services.GetRequiredService<RegistryTokenKeys>().CurrentAsync(cancellationToken);
        app.UseMiddleware<RequestMetricsMiddleware>();
        app.UseMiddleware<Errors.FaultMiddleware>();
        if (options.Metrics)
        {
            // Aggregate counts only: no label names a repository, user or account (docs/configuration.md, "Metrics").
            app.MapMetrics("/metrics", app.Services.GetRequiredService<FloeMetrics>().Registry);
        }

        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", ReadyAsync);
        app.MapRegistryEndpoints();
        app.MapTokenEndpoints();
        app.MapSqlApiEndpoints();
        return app;
    }

    /// <summary>Text lines for people, or one JSON object a line for log collectors (<see cref="FloeServerOptions.LogFormat"/>).</summary>
    private static void ConfigureLogging(ILoggingBuilder logging, FloeServerOptions options)
    {
        switch (options.LogFormat.ToUpperInvariant())
        {
            case "TEXT":
                return;
            case "JSON":
                logging.ClearProviders();
                logging.AddJsonConsole(json =>
                {
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                return;
            default:
                throw new FloeConfigurationException($"LogFormat '{options.LogFormat}' is not one of 'text' or 'json'");
        }
    }

    /// <summary>Registers the registry's services over the embedded default stores.</summary>
    public static IServiceCollection AddFloeRegistry(this IServiceCollection services, FloeServerOptions options)
    {
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetadataStore>(sp => new SqliteMetadataStore(
            new SqliteMetadataOptions { DatabasePath = options.DatabasePath }, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IBlobStore>(_ => new FileSystemBlobStore(new FileSystemBlobStoreOptions { RootPath = options.BlobRoot }));
        services.TryAddSingleton<IAccountStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IRepositoryStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IBlobLinkStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IManifestStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.AddControlPlane();
        services.TryAddSingleton(new PasswordHasher(options.PasswordHashIterations));
        services.AddHttpContextAccessor();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<LoginVerifier>();
        services.TryAddSingleton<KeyPairVerifier>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<RegistryTokenKeys>();
        services.TryAddSingleton<RegistryCallerVerifier>();
        services.TryAddSingleton<RegistryTokenIssuer>();
        services.TryAddSingleton<RegistryTokenValidator>();
        services.TryAddSingleton<RegistryRefreshTokens>();
        services.TryAddSingleton<RegistryAccessGate>();
        services.TryAddSingleton(sp =>
        {
            FloeMetrics metrics = new();
            IMetadataStore store = sp.GetRequiredService<IMetadataStore>();
            metrics.CountUploadsWith(async cancellationToken => await store.CountUploadsAsync(cancellationToken));
            return metrics;
        });
        services.TryAddSingleton<ISqlEngine>(sp => new MeteredSqlEngine(StatementAreas.CreateEngine(new StatementServices(
            sp.GetRequiredService<IMetadataStore>(),
            sp.GetRequiredService<IControlPlaneStore>(),
            sp.GetRequiredService<Authorizer>(),
            sp.GetRequiredService<PasswordHasher>(),
            sp.GetRequiredService<TimeProvider>(),
            SqlOptions(sp))), sp.GetRequiredService<FloeMetrics>()));
        services.TryAddSingleton<Bootstrapper>();
        services.TryAddSingleton<AccountResolver>();
        services.TryAddSingleton<RepositoryResolver>();
        services.TryAddSingleton<ManifestService>();
        services.TryAddSingleton<BlobService>();
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<DiscoveryService>();
        services.TryAddSingleton<PullableCatalog>();
        services.AddHostedService<Housekeeper>();
        return services;
    }

    /// <summary>The control plane's store roles, all served by the one <see cref="IMetadataStore"/>, and the authorizer over them.</summary>
    private static void AddControlPlane(this IServiceCollection services)
    {
        services.TryAddSingleton<IControlPlaneStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IAccountCatalog>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IDatabaseStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IImageRepositoryStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IRoleStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IUserStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IGrantStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IAuthorizationStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IAccessTokenStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IAuthenticationPolicyStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<ISessionStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<ISigningKeyStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IRefreshTokenStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<Authorizer>();
    }

    private static SqlEngineOptions SqlOptions(IServiceProvider services)
    {
        FloeServerOptions options = services.GetRequiredService<FloeServerOptions>();
        AccountResolver accounts = services.GetRequiredService<AccountResolver>();
        return new SqlEngineOptions
        {
            Organization = options.Organization,
            AccountHost = account => accounts.HostOf(account) + options.PublicPortSuffix,
            AccountDropped = accounts.Forget,
        };
    }

    private static async Task<IResult> ReadyAsync(IMetadataStore metadata, IBlobStore blobs, FloeServerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            await metadata.FindAccountAsync(options.BootstrapAccount, cancellationToken);
            await blobs.GetUploadSizeAsync("readiness-probe", cancellationToken);
            return Results.Text("ready");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return Results.Text("not ready: " + ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
