using System.Globalization;
using Xunit.Abstractions;

namespace Floe.Fuzz.Tests;

/// <summary>The instrumented copy of the harness, made once for every afl-fuzz run of the class.</summary>
public sealed class InstrumentedHarness : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("floe-fuzz-");

    public InstrumentedHarness() => HarnessDirectory = AflSession.PrepareInstrumentedCopy(AppContext.BaseDirectory, Path.Combine(_work.FullName, "bin"));

    public string HarnessDirectory { get; }

    public string Findings(string target) => Path.Combine(_work.FullName, "findings-" + target);

    /// <summary>Removes the instrumented copy; the findings of a failed run stay for a look.</summary>
    public void Dispose()
    {
        Directory.Delete(Path.Combine(_work.FullName, "bin"), recursive: true);
        if (!_work.EnumerateFileSystemInfos().Any())
        {
            _work.Delete();
        }
    }
}

/// <summary>
/// Each target fuzzed by afl-fuzz, guided by the coverage of the instrumented assemblies, from its kept
/// corpus for a fixed budget of <c>FLOE_FUZZ_SECONDS</c> (default 20) seconds. Fails on any crash or
/// hang, or when afl-fuzz did not run at all; writes the execution count to the test output. The budget
/// bounds the run and is never asserted on.
/// </summary>
public class AflSessionTests(InstrumentedHarness harness, ITestOutputHelper output) : IClassFixture<InstrumentedHarness>
{
    private const int DefaultSeconds = 20;

    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    private static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("FLOE_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? seconds
            : DefaultSeconds;

    [Theory]
    [MemberData(nameof(Targets))]
    public void Run_FixedBudget_FindsNoCrashAndNoHang(string target)
    {
        string findings = harness.Findings(target);

        AflOutcome outcome = AflSession.Run(harness.HarnessDirectory, target, Corpus.Directory(target), findings, Seconds);

        output.WriteLine(outcome.ToString());
        Assert.True(outcome.ExitCode == 0 && outcome.Executions > 0, $"afl-fuzz did not fuzz {target}: {outcome}\n{outcome.Log}");
        Assert.True(outcome.Crashes == 0 && outcome.Hangs == 0, $"{outcome}\n{Replay(target, findings)}");
        Directory.Delete(findings, recursive: true);
    }

    /// <summary>What each crashing input throws in this process, so the failure says what broke.</summary>
    private static string Replay(string target, string findings)
    {
        IEnumerable<string> inputs = new[] { "crashes", "hangs" }
            .Select(folder => Path.Combine(findings, "default", folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "id:*"));
        return string.Join('\n', inputs.Select(input =>
            $"{input}: {Record.Exception(() => FuzzTargets.Run(target, File.ReadAllBytes(input)))?.ToString() ?? "no exception in process (a hang or an uncatchable crash)"}"));
    }
}
