using SharpFuzz;

namespace Floe.Fuzz;

/// <summary>
/// <c>Floe.Fuzz &lt;target&gt;</c>: the process afl-fuzz starts (it reads inputs through SharpFuzz's fork
/// server, or one input from standard input when run by hand).
/// <c>Floe.Fuzz --afl &lt;target&gt; [--seconds N] [--findings DIR]</c>: instruments a copy of Floe's
/// assemblies and fuzzes one target with afl-fuzz, starting from its corpus (docs/testing.md).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "--afl")
        {
            return RunAfl(args);
        }

        if (args.Length != 1 || !FuzzTargets.Exists(args[0]))
        {
            Console.Error.WriteLine($"usage: Floe.Fuzz <target> | --afl <target> [--seconds N] [--findings DIR]; targets: {string.Join(", ", FuzzTargets.Names)}");
            return 2;
        }

        string target = args[0];
        // Out of process: a stack overflow or a hang in the parser is reported as a crash or a hang instead of
        // taking the fork server down with it.
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using MemoryStream buffer = new();
            stream.CopyTo(buffer);
            FuzzTargets.Run(target, buffer.ToArray());
        });
        return 0;
    }

    private static int RunAfl(string[] args)
    {
        string target = args[1];
        int seconds = 60;
        string? findings = null;
        for (int i = 2; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--seconds": seconds = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture); break;
                case "--findings": findings = Path.GetFullPath(args[i + 1]); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        if (!FuzzTargets.Exists(target))
        {
            Console.Error.WriteLine($"no fuzz target '{target}'; the targets are {string.Join(", ", FuzzTargets.Names)}");
            return 2;
        }

        string work = Directory.CreateTempSubdirectory("floe-fuzz-").FullName;
        findings ??= Path.Combine(work, "findings");
        string harness = AflSession.PrepareInstrumentedCopy(AppContext.BaseDirectory, Path.Combine(work, "bin"));
        AflOutcome outcome = AflSession.Run(harness, target, Corpus.Directory(target), findings, seconds);
        Console.WriteLine(outcome);
        Directory.Delete(Path.Combine(work, "bin"), recursive: true);
        return outcome.Clean ? 0 : 1;
    }
}
