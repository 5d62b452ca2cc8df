using Floe.Core.Blobs;
using Floe.Core.Metadata;
using Floe.Core.Metadata.ControlPlane;
using Floe.Core.Security;
using Floe.Server.Authentication;
using Floe.Server.WebConsole;
using Floe.Server.Sql;
using Floe.Sql.Execution;
using Floe.Server.Endpoints;
using Floe.Server.Observability;
using Floe.Server.Observability.History;
using Floe.Server.Observability.Logging;
using Floe.Core.Metadata.History;
using Floe.Server.Registry;
using Floe.Server.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.DataProtection;
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
    /// The settings <c>floe serve</c> would run with, read from the same sources in the same order
    /// (for commands such as <c>floe metadata copy</c> that must find the same data directory).
    /// </summary>
    public static FloeSettings ReadSettings(IEnumerable<KeyValuePair<string, string?>> settings, string? configFile)
    {
        ConfigurationManager configuration = new();
        AddSettingSources(configuration, settings, configFile);
        return FloeSettings.Bind(configuration);
    }

    /// <summary>The sources of the settings, in increasing precedence: the JSON file, <c>FLOE_</c> variables, flags.</summary>
    private static void AddSettingSources(
        IConfigurationBuilder configuration, IEnumerable<KeyValuePair<string, string?>> settings, string? configFile)
    {
        if (configFile is not null)
        {
            configuration.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        // ASP.NET's own convention (Floe__RequireAuthentication) and Floe's (FLOE_REQUIREAUTHENTICATION); FLOE_ wins.
        configuration.AddEnvironmentVariables("Floe__");
        configuration.AddEnvironmentVariables("FLOE_");
        // The documented variable is FLOE_ADMIN_PASSWORD, which the prefix mapping above would read as "ADMIN_PASSWORD".
        if (Environment.GetEnvironmentVariable("FLOE_ADMIN_PASSWORD") is { } adminPassword)
        {
            configuration.AddInMemoryCollection([new(nameof(BootstrapOptions.AdminPassword), adminPassword)]);
        }

        configuration.AddInMemoryCollection(settings);
    }

    /// <summary>
    /// Creates the application from configuration (see <see cref="FloeSettings"/>), over the backends of
    /// <paramref name="backends"/> that the settings choose, with the data stores migrated and
    /// bootstrapped, ready to run. Settings that cannot work throw <see cref="FloeConfigurationException"/>.
    /// With <paramref name="ownDataDirectory"/> (<c>floe serve</c>) the listen addresses are checked free
    /// and the data directory is locked for this process before anything is written to it.
    /// </summary>
    public static async Task<WebApplication> CreateAsync(
        IEnumerable<KeyValuePair<string, string?>> settings,
        string? configFile,
        FloeBackends backends,
        Action<WebApplicationBuilder>? configure = null,
        bool ownDataDirectory = false,
        CancellationToken cancellationToken = default)
    {
        // ASP.NET's default appsettings.json sources would watch the working directory for changes: a
        // file-system watcher that wakes on every file written there (a few per cent of the CPU of a busy
        // server started in /tmp). Floe's settings are read once, at start, so nothing is watched.
        WebApplicationBuilder builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        AddSettingSources(builder.Configuration, settings, configFile);
        FloeSettings floe = FloeSettings.Bind(builder.Configuration);

        // TLS problems surface here, as a FloeConfigurationException, before anything is bootstrapped.
        ServerCertificate? tls = ServerCertificate.Load(floe.Listener);
        IReadOnlyList<Uri> listen = ListenAddresses.Parse(floe.Listener.ListenUrls);
        builder.WebHost.UseUrls(floe.Listener.ListenUrls);
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
        // Floe writes its own access line. While ASP.NET's hosting category is enabled at any level it
        // starts an Activity and a logging scope for every request, only to log them; nothing reads them.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // The console's key ring is kept unencrypted on purpose, in the metadata database next to the
        // registry-token signing keys (docs/design/console-key-ring.md). ASP.NET's key manager warns
        // "No XML encryptor configured" on every key it creates, and its null encryptor would warn as
        // well: a warning with nothing to act on. Only this category is quietened; its errors still show.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        ConfigureLogging(builder.Logging, floe.Observability);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = floe.Listener.ShutdownTimeout);
        // An unknown backend name surfaces here too, before anything is created.
        backends.Register(builder.Services, floe.Storage);
        // Only settings that can work reach the data directory: the lock is its first write.
        if (ownDataDirectory)
        {
            ListenAddresses.EnsureFree(listen);
            DataDirectoryLock owned = DataDirectoryLock.Acquire(floe.Storage.DataDir);
            builder.Services.AddSingleton(_ => owned);
        }

        builder.Services.AddFloeRegistry(floe);
        configure?.Invoke(builder);

        WebApplication app = builder.Build();
        // Resolved once, so the container disposes it (dropping the lock) when the application ends.
        DataDirectoryLock? owner = app.Services.GetService<DataDirectoryLock>();
        ObservabilityOptions options = floe.Observability;
        try
        {
            await app.Services.GetRequiredService<Bootstrapper>().RunAsync(cancellationToken);
            // The first node to start generates the registry-token signing key; the others read it.
            await app.Services.GetRequiredService<RegistryTokenKeys>().CurrentAsync(cancellationToken);
            // Likewise the console's data-protection key ring: read now (created by the first node), so a
            // metadata store that cannot serve it fails the start rather than the first form.
            app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Floe.Startup").Protect([]);
        }
        catch (Exception)
        {
            owner?.ReleaseAfterFailedStart();
            throw;
        }

        app.Lifetime.ApplicationStarted.Register(() => app.Services.GetRequiredService<StartupBanner>().Announce(
            app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
                .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? []));
        app.UseMiddleware<AccessLogMiddleware>();
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
        app.MapConsoleEndpoints();
        return app;
    }

    /// <summary>Text lines for people, or one JSON object a line for log collectors (<see cref="ObservabilityOptions.LogFormat"/>).</summary>
    private static void ConfigureLogging(ILoggingBuilder logging, ObservabilityOptions options)
    {
        switch (options.LogFormat.ToUpperInvariant())
        {
            case "TEXT":
                // ASP.NET's defaults less the debugger-output provider, which writes only under an
                // attached debugger but is still asked on every line (the access log writes one a request).
                logging.ClearProviders();
                logging.AddConsole();
                logging.AddEventSourceLogger();
                break;
            case "JSON":
                logging.ClearProviders();
                logging.AddJsonConsole(json =>
                {
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
                break;
            default:
                throw new FloeConfigurationException($"LogFormat '{options.LogFormat}' is not one of 'text' or 'json'");
        }

        // Same formatters and settings, written in batches (the access log writes a line per request).
        logging.Services.UseBatchedConsoleLog();
    }

    /// <summary>
    /// Registers the registry's services over the metadata and blob stores registered before (a
    /// provider's <c>AddFloe…</c>, chosen through <see cref="FloeBackends"/>). Each service is given the
    /// store roles and the options record it uses, never the whole store or every setting.
    /// </summary>
    public static IServiceCollection AddFloeRegistry(this IServiceCollection services, FloeSettings settings)
    {
        services.AddFloeOptions(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddStoreRoles();
        services.AddControlPlane();
        services.TryAddSingleton(new PasswordHasher(settings.Tokens.PasswordHashIterations));
        services.AddHttpContextAccessor();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<VerifiedPasswords>();
        services.TryAddSingleton<LoginVerifier>();
        services.TryAddSingleton<KeyPairVerifier>();
        services.TryAddSingleton(new JwksOptions());
        services.TryAddSingleton<JwksCache>();
        services.TryAddSingleton<ExternalTokenValidator>();
        services.TryAddSingleton<SessionService>();
        services.TryAddSingleton<RegistryTokenKeys>();
        services.TryAddSingleton<RegistryCallerVerifier>();
        services.TryAddSingleton<RegistryTokenIssuer>();
        services.TryAddSingleton<RegistryTokenValidator>();
        services.TryAddSingleton<RegistryRefreshTokens>();
        services.TryAddSingleton<RegistryDecisions>();
        services.TryAddSingleton<RegistryAccessGate>();
        services.TryAddSingleton(sp =>
        {
            FloeMetrics metrics = new();
            IUploadStore uploads = sp.GetRequiredService<IUploadStore>();
            metrics.CountUploadsWith(async cancellationToken => await uploads.CountUploadsAsync(cancellationToken));
            return metrics;
        });
        services.TryAddSingleton<ISqlEngine>(sp => new MeteredSqlEngine(StatementAreas.CreateEngine(new StatementServices(
            sp.GetRequiredService<IAccountStore>(),
            sp.GetRequiredService<IRepositoryStore>(),
            sp.GetRequiredService<IManifestStore>(),
            sp.GetRequiredService<IControlPlaneStore>(),
            sp.GetRequiredService<Authorizer>(),
            sp.GetRequiredService<PasswordHasher>(),
            sp.GetRequiredService<TimeProvider>(),
            SqlOptions(sp),
            sp.GetRequiredService<IHistoryStore>())), sp.GetRequiredService<FloeMetrics>()));
        services.TryAddSingleton<Bootstrapper>();
        services.TryAddSingleton<StartupBanner>();
        services.TryAddSingleton<AccountResolver>();
        services.TryAddSingleton<RepositoryResolver>();
        services.TryAddSingleton<ManifestsByTag>();
        services.TryAddSingleton<ManifestService>();
        services.TryAddSingleton<BlobService>();
        services.TryAddSingleton<SmallBlobCache>();
        services.TryAddSingleton<Errors.ServerFaults>();
        services.TryAddSingleton<UploadService>();
        services.TryAddSingleton<DiscoveryService>();
        services.TryAddSingleton<PullableCatalog>();
        services.AddHostedService<Housekeeper>();
        services.TryAddSingleton<HistoryRecorder>();
        services.AddHostedService<HistoryWriter>();
        services.TryAddSingleton<Maintenance.BlobCollector>();
        services.AddHostedService<Maintenance.GarbageCollectionService>();
        services.AddFloeConsole();
        return services;
    }

    /// <summary>Each feature's options record, for the services of that feature.</summary>
    private static void AddFloeOptions(this IServiceCollection services, FloeSettings settings)
    {
        services.TryAddSingleton(settings.Listener);
        services.TryAddSingleton(settings.Storage);
        services.TryAddSingleton(settings.Bootstrap);
        services.TryAddSingleton(settings.Tenancy);
        services.TryAddSingleton(settings.Registry);
        services.TryAddSingleton(settings.Housekeeping);
        services.TryAddSingleton(settings.Tokens);
        services.TryAddSingleton(settings.Observability);
        services.TryAddSingleton(settings.History);
    }

    /// <summary>The registry's store roles, all served by the one registered <see cref="IMetadataStore"/> and <see cref="IBlobStore"/>.</summary>
    private static void AddStoreRoles(this IServiceCollection services)
    {
        services.TryAddSingleton<IMetadataMigrations>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IAccountStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IRepositoryStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IBlobLinkStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IManifestStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IUploadStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IUploadMetadata>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IHistoryStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IBlobCollectionStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<IBlobReader>(sp => sp.GetRequiredService<IBlobStore>());
        services.TryAddSingleton<IBlobIngester>(sp => sp.GetRequiredService<IBlobStore>());
        services.TryAddSingleton<IBlobDeleter>(sp => sp.GetRequiredService<IBlobStore>());
        services.TryAddSingleton<IBlobInventory>(sp => sp.GetRequiredService<IBlobStore>());
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
        services.TryAddSingleton<IDataProtectionKeyStore>(sp => sp.GetRequiredService<IMetadataStore>());
        services.TryAddSingleton<Authorizer>();
    }

    private static SqlEngineOptions SqlOptions(IServiceProvider services)
    {
        TenancyOptions tenancy = services.GetRequiredService<TenancyOptions>();
        string portSuffix = services.GetRequiredService<ListenerOptions>().PublicPortSuffix;
        AccountResolver accounts = services.GetRequiredService<AccountResolver>();
        return new SqlEngineOptions
        {
            Organization = tenancy.Organization,
            AccountHost = account => accounts.HostOf(account) + portSuffix,
            AccountDropped = accounts.Forget,
        };
    }

    /// <summary>
    /// Ready when the metadata store and the blob store both answer. A store that cannot be reached is an
    /// answer here, not a server fault: 503 with the store and the reason on one line, and no error logged,
    /// since a load balancer asks every few seconds and takes the node out on the answer alone.
    /// </summary>
    private static async Task<IResult> ReadyAsync(
        IAccountStore accounts, IBlobIngester blobs, BootstrapOptions options, Errors.ServerFaults faults, CancellationToken cancellationToken)
    {
        string store = "metadata store";
        try
        {
            await accounts.FindAccountAsync(options.BootstrapAccount, cancellationToken);
            store = "blob store";
            await blobs.GetUploadSizeAsync("readiness-probe", cancellationToken);
            return Results.Text("ready");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException || faults.IsStorageFault(ex))
        {
            string reason = ex.Message.Split('\n', 2)[0].Trim();
            return Results.Text($"not ready: {store}: {reason}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
