namespace Floe.Cli.Tests.Infrastructure;

/// <summary>A fresh directory under the system temp folder, deleted on dispose; stands in for the home directory.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "floe-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string WriteFile(string relativePath, string content)
    {
        string full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    /// <summary>Writes <c>.floe/config.toml</c> where the default lookup finds it.</summary>
    public string WriteDefaultConfig(string toml) => WriteFile(System.IO.Path.Combine(".floe", "config.toml"), toml);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not fail a test.
        }
    }
}
