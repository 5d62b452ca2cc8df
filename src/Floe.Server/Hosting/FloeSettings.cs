using Floe.Server.Authentication;
using Floe.Server.Observability;
using Floe.Server.Observability.History;
using Floe.Server.Registry;
using Floe.Server.Tenancy;
using Microsoft.Extensions.Configuration;

namespace Floe.Server.Hosting;

/// <summary>
/// Every setting of <c>floe serve</c>, as one options record per feature. Each record binds from the
/// root of the configuration, so the setting names stay flat (<c>DataDir</c>, <c>FLOE_DATADIR</c>,
/// <c>--data-dir</c>); the sources are a JSON file given with <c>--config</c>, environment variables with
/// the <c>FLOE_</c> prefix and command-line flags, in increasing precedence. Only the composition uses
/// this whole; each service is given the record of its feature.
/// </summary>
public sealed record FloeSettings
{
    public ListenerOptions Listener { get; init; } = new();

    public StorageOptions Storage { get; init; } = new();

    public BootstrapOptions Bootstrap { get; init; } = new();

    public TenancyOptions Tenancy { get; init; } = new();

    public RegistryOptions Registry { get; init; } = new();

    public HousekeepingOptions Housekeeping { get; init; } = new();

    public TokenOptions Tokens { get; init; } = new();

    public ObservabilityOptions Observability { get; init; } = new();

    public HistoryOptions History { get; init; } = new();

    /// <summary>Binds every record from the same flat configuration.</summary>
    public static FloeSettings Bind(IConfiguration configuration) => new()
    {
        Listener = configuration.Get<ListenerOptions>() ?? new(),
        Storage = configuration.Get<StorageOptions>() ?? new(),
        Bootstrap = configuration.Get<BootstrapOptions>() ?? new(),
        Tenancy = configuration.Get<TenancyOptions>() ?? new(),
        Registry = configuration.Get<RegistryOptions>() ?? new(),
        Housekeeping = configuration.Get<HousekeepingOptions>() ?? new(),
        Tokens = configuration.Get<TokenOptions>() ?? new(),
        Observability = configuration.Get<ObservabilityOptions>() ?? new(),
        History = configuration.Get<HistoryOptions>() ?? new(),
    };
}
