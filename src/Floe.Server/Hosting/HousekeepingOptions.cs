namespace Floe.Server.Hosting;

/// <summary>When abandoned uploads are removed (see <see cref="Housekeeper"/>) and garbage is collected (see <see cref="Maintenance.GarbageCollectionService"/>).</summary>
public sealed record HousekeepingOptions
{
    /// <summary>Uploads idle for longer than this are removed.</summary>
    public TimeSpan UploadIdleTimeout { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How often idle uploads (and expired sessions) are looked for.</summary>
    public TimeSpan UploadSweepInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often garbage collection runs on this node (and once at start); zero or less turns it off.</summary>
    public TimeSpan GcInterval { get; init; } = TimeSpan.FromHours(1);
}
