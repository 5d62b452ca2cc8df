namespace Floe.Fuzz;

/// <summary>
/// The kept inputs of each target: the seeds afl-fuzz starts from and every input that once found a bug
/// (named <c>regression-*</c>). They live in <c>fuzz/corpus/&lt;target&gt;/</c> and are copied next to the
/// harness when it is built.
/// </summary>
public static class Corpus
{
    public static string Directory(string target) => Path.Combine(AppContext.BaseDirectory, "corpus", target);

    public static IReadOnlyList<string> Files(string target) =>
        [.. System.IO.Directory.EnumerateFiles(Directory(target)).Order(StringComparer.Ordinal)];
}
