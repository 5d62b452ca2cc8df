namespace Floe.Server.Maintenance;

/// <summary>
/// Switches for the tests of the collection protocol, and for nothing else. No setting, environment
/// variable or flag of Floe reads or writes them: only code already running inside the process can set
/// them (a test host, or the .NET startup hook a test hands to the process it starts), and such code
/// controls the process anyway. A production configuration cannot reach them.
/// </summary>
internal static class CollectorTestHooks
{
    /// <summary>
    /// When set, upload commits and mounts link as they did before online collection (no lease, no check
    /// of the <c>blobs</c> row): the broken protocol that the race test must be able to catch.
    /// </summary>
    internal static bool SkipWriterGuard { get; set; }

    /// <summary>
    /// A pause between publishing an upload's bytes (W1) and linking them (W2), to widen the window a
    /// racing collection has; a race test applies it with the guard on and off alike.
    /// </summary>
    internal static TimeSpan CommitPause { get; set; }
}
