using Floe.Core.Errors;
using Floe.Core.Metadata;
using Floe.Metadata.Postgres;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Floe's metadata store on PostgreSQL.</summary>
public static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="IMetadataStore"/> on the PostgreSQL database of <paramref name="options"/>, one per
    /// container, with the registered <see cref="TimeProvider"/> (the system clock when none is).
    /// The host calls <see cref="IMetadataStore.MigrateAsync"/> before serving.
    /// </summary>
    public static IServiceCollection AddFloePostgres(this IServiceCollection services, PostgresMetadataOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.ConnectionString);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetadataStore>(provider =>
            new PostgresMetadataStore(options, provider.GetRequiredService<TimeProvider>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageFaultClassifier, PostgresStorageFaults>());
        return services;
    }
}
