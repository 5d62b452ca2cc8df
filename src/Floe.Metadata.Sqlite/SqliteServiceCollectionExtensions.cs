using Floe.Core.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Floe.Metadata.Sqlite;

/// <summary>Registers the embedded SQLite metadata store: one database file, shared by the nodes of one machine.</summary>
public static class SqliteServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IMetadataStore"/> as a <see cref="SqliteMetadataStore"/> over
    /// <see cref="SqliteMetadataOptions.DatabasePath"/>, on the registered <see cref="TimeProvider"/>
    /// (the system clock unless one is registered); a store registered before wins.
    /// </summary>
    public static IServiceCollection AddFloeSqlite(this IServiceCollection services, SqliteMetadataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IMetadataStore>(sp => new SqliteMetadataStore(options, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
