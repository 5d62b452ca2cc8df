namespace Floe.Fuzz.Tests;

/// <summary>
/// Every kept input of every target (the seeds and the inputs that once found a bug) runs through the
/// harness in this process: a fixed bug stays fixed without waiting for afl-fuzz to find it again.
/// </summary>
public class FuzzTargetsTests
{
    public static TheoryData<string> Targets => [.. FuzzTargets.Names];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Run_KeptCorpus_NoInputCrashes(string target)
    {
        IReadOnlyList<string> inputs = Corpus.Files(target);
        Assert.NotEmpty(inputs);

        foreach (string input in inputs)
        {
            Exception? thrown = Record.Exception(() => FuzzTargets.Run(target, File.ReadAllBytes(input)));
            Assert.True(thrown is null, $"{Path.GetFileName(input)} crashes {target}: {thrown}");
        }
    }

    [Fact]
    public void Run_KeptRegressionInputs_StillThereForEveryTargetThatFoundABug()
    {
        string[] targets = [.. FuzzTargets.Names.Where(t => Corpus.Files(t).Any(f => Path.GetFileName(f).StartsWith("regression-", StringComparison.Ordinal)))];

        // The inputs that found the bugs fixed so far; more may join them, none may go.
        Assert.Superset(new HashSet<string> { "range", "registry-token", "key-pair-assertion", "connection-config" }, targets.ToHashSet());
    }

    [Fact]
    public void Run_UnknownTarget_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => FuzzTargets.Run("no-such-target", []));
    }
}
