using System.Diagnostics;
using System.Globalization;
using SharpFuzz;

namespace Floe.Fuzz;

/// <summary>What one afl-fuzz run of a target did, from its <c>fuzzer_stats</c> and findings folders.</summary>
public sealed record AflOutcome(string Target, long Executions, int Crashes, int Hangs, int Paths, string Findings, int ExitCode, string Log)
{
    /// <summary>afl-fuzz ran to the end of its budget and found no crash and no hang.</summary>
    public bool Clean => ExitCode == 0 && Crashes == 0 && Hangs == 0 && Executions > 0;

    public override string ToString() =>
        $"{Target}: {Executions} executions, {Paths} corpus entries, {Crashes} crashes, {Hangs} hangs (afl-fuzz exit {ExitCode}; findings in {Findings})";
}

/// <summary>
/// Runs afl-fuzz on one target. afl-fuzz learns coverage from the branches of the instrumented
/// assemblies (SharpFuzz rewrites their IL to update afl's shared-memory map); the harness process is
/// started with <c>dotnet</c>, which is why afl's check for an instrumented binary is skipped.
/// </summary>
public static class AflSession
{
    /// <summary>The assemblies whose branches guide the fuzzer: Floe's, and the parsers Floe hands input to.</summary>
    public static readonly IReadOnlyList<string> Instrumented =
        ["Floe.Core.dll", "Floe.Sql.dll", "Floe.Server.dll", "floe.dll", "Tomlyn.dll", "Microsoft.IdentityModel.JsonWebTokens.dll"];

    /// <summary>How long one input may run before afl-fuzz calls it a hang (a parse of a few KiB takes microseconds).</summary>
    public const int HangMilliseconds = 5000;

    /// <summary>Copies the built harness to <paramref name="destination"/> and instruments the copies.</summary>
    public static string PrepareInstrumentedCopy(string harnessDirectory, string destination)
    {
        foreach (string file in Directory.EnumerateFiles(harnessDirectory, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(harnessDirectory, file);
            if (relative.StartsWith("corpus", StringComparison.Ordinal))
            {
                continue;
            }

            string copy = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }

        foreach (string assembly in Instrumented)
        {
            Fuzzer.Instrument(Path.Combine(destination, assembly), _ => true, Options.Value);
        }

        return destination;
    }

    /// <summary>
    /// Fuzzes <paramref name="target"/> for <paramref name="seconds"/> seconds of afl-fuzz's own budget
    /// (<c>-V</c>) and reads what it found. The process is waited for at most a generous margin past the
    /// budget, so a stuck afl-fuzz cannot hold the test run.
    /// </summary>
    public static AflOutcome Run(string harnessDirectory, string target, string corpus, string findings, int seconds)
    {
        ProcessStartInfo start = new("afl-fuzz")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in (string[])[
            "-i", corpus, "-o", findings, "-t", HangMilliseconds.ToString(CultureInfo.InvariantCulture), "-m", "none",
            "-V", seconds.ToString(CultureInfo.InvariantCulture),
            "--", "dotnet", Path.Combine(harnessDirectory, "Floe.Fuzz.dll"), target])
        {
            start.ArgumentList.Add(argument);
        }

        // dotnet itself is not instrumented; the harness's assemblies are.
        start.Environment["AFL_SKIP_BIN_CHECK"] = "1";
        start.Environment["AFL_NO_UI"] = "1";
        // Other processes share the machine: no CPU pinning, no governor check, no core_pattern demand.
        start.Environment["AFL_NO_AFFINITY"] = "1";
        start.Environment["AFL_SKIP_CPUFREQ"] = "1";
        start.Environment["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1";
        // The .NET runtime starts in well under a second, but give a loaded machine room.
        start.Environment["AFL_FORKSRV_INIT_TMOUT"] = "60000";
        start.Environment["AFL_NO_CRASH_README"] = "1";
        start.Environment["DOTNET_TieredPGO"] = "0";
        // The harness's scratch files (the registry-token target's SQLite store) go where this run can delete
        // them: afl-fuzz ends the harness with SIGKILL, so its own clean-up never runs.
        string scratch = findings.TrimEnd(Path.DirectorySeparatorChar) + "-tmp";
        Directory.CreateDirectory(scratch);
        start.Environment["TMPDIR"] = scratch;

        using Process afl = Process.Start(start) ?? throw new InvalidOperationException("afl-fuzz did not start");
        afl.StandardInput.Close();
        Task<string> output = afl.StandardOutput.ReadToEndAsync();
        Task<string> errors = afl.StandardError.ReadToEndAsync();
        if (!afl.WaitForExit(TimeSpan.FromSeconds(seconds + 300)))
        {
            afl.Kill(entireProcessTree: true);
            afl.WaitForExit();
        }

        string log = output.Result + errors.Result;
        Directory.Delete(scratch, recursive: true);
        string instance = Path.Combine(findings, "default");
        Dictionary<string, string> stats = ReadStats(Path.Combine(instance, "fuzzer_stats"));
        return new AflOutcome(
            target,
            Number(stats, "execs_done"),
            CountInputs(Path.Combine(instance, "crashes")),
            CountInputs(Path.Combine(instance, "hangs")),
            (int)Number(stats, "corpus_count", "paths_total"),
            findings,
            afl.ExitCode,
            log);
    }

    private static Dictionary<string, string> ReadStats(string path)
    {
        Dictionary<string, string> stats = new(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return stats;
        }

        foreach (string line in File.ReadLines(path))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                stats[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        return stats;
    }

    private static long Number(Dictionary<string, string> stats, params string[] keys)
    {
        foreach (string key in keys)
        {
            if (stats.TryGetValue(key, out string? value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number))
            {
                return number;
            }
        }

        return 0;
    }

    /// <summary>The inputs in a crashes or hangs folder (afl writes a README there too).</summary>
    private static int CountInputs(string directory) =>
        Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "id:*").Count() : 0;
}
