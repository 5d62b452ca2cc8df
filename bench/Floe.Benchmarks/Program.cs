using BenchmarkDotNet.Running;
using Floe.Benchmarks;
using Floe.Benchmarks.Seeding;

// `seed ...` prepares a data directory for bench/load/compare.sh; anything else goes to BenchmarkDotNet
// (for example `--filter '*'`, `--filter '*Manifest*'`, `--list flat`).
if (args.Length > 0 && args[0] == SeedCommand.Name)
{
    return await SeedCommand.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == Floe.Benchmarks.Collection.GcBenchCommand.Name)
{
    return await Floe.Benchmarks.Collection.GcBenchCommand.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(BenchConfig).Assembly).Run(BenchConfig.WithInProcess(args), BenchConfig.Create());
return 0;
