using BenchmarkDotNet.Configs;

namespace Floe.Benchmarks;

/// <summary>
/// How the benchmarks run. They run in this process (BenchmarkDotNet's <c>--inProcess</c>, added to
/// the arguments unless given) rather than in a project generated per run: that project would sit
/// under this repository and inherit its strict build settings (warnings as errors, central package
/// versions), and on a 2-core machine shared with builds, rebuilding per run costs more than the
/// isolation is worth. Figures are comparable between runs of this harness, which is their purpose.
/// Every other option (<c>--filter</c>, <c>--job short</c>, <c>--list flat</c>) is BenchmarkDotNet's.
/// </summary>
internal static class BenchConfig
{
    public static IConfig Create() => DefaultConfig.Instance;

    public static string[] WithInProcess(string[] args) =>
        args.Contains("--inProcess") || args.Contains("-i") ? args : ["--inProcess", .. args];
}
