namespace Floe.Metadata.Postgres;

/// <summary>Which PostgreSQL database holds the metadata. Every node of a deployment names the same one.</summary>
public sealed record PostgresMetadataOptions
{
    /// <summary>
    /// An Npgsql connection string, e.g. <c>Host=db;Database=floe;Username=floe;Password=...</c>.
    /// Pool limits (<c>Maximum Pool Size</c>) and timeouts are Npgsql's settings of the same string;
    /// automatic statement preparation is turned on (128 statements) unless the string sets <c>Max Auto Prepare</c> above zero itself.
    /// </summary>
    public required string ConnectionString { get; init; }
}
