using System.Globalization;
using System.Reflection;

#pragma warning disable CA1050 // The runtime looks for a type named StartupHook outside any namespace.

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c> naming this assembly) that the garbage collection race
/// tests hand to the real <c>floe serve</c> they start: before Floe's <c>Main</c> runs, it sets the
/// internal <c>CollectorTestHooks</c> named in <c>FLOE_TEST_COLLECTOR_HOOKS</c> (<c>pause=15</c> widens the
/// window between publishing and linking a blob; <c>skip-guard</c> switches the writers' guard off). No
/// setting of Floe reaches those switches; only code inside the process can, as this hook is.
/// </summary>
internal static class StartupHook
{
    public const string Variable = "FLOE_TEST_COLLECTOR_HOOKS";

    public static void Initialize()
    {
        string? hooks = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(hooks))
        {
            return;
        }

        Type switches = Type.GetType("Floe.Server.Maintenance.CollectorTestHooks, Floe.Server", throwOnError: true)!;
        const BindingFlags Internal = BindingFlags.Static | BindingFlags.NonPublic;
        foreach (string hook in hooks.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (hook == "skip-guard")
            {
                switches.GetProperty("SkipWriterGuard", Internal)!.SetValue(null, true);
            }
            else if (hook.StartsWith("pause=", StringComparison.Ordinal))
            {
                TimeSpan pause = TimeSpan.FromMilliseconds(int.Parse(hook["pause=".Length..], CultureInfo.InvariantCulture));
                switches.GetProperty("CommitPause", Internal)!.SetValue(null, pause);
            }
        }
    }
}
