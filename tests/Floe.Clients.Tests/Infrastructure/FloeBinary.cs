namespace Floe.Clients.Tests.Infrastructure;

/// <summary>Finds the built <c>floe</c> executable: <c>FLOE_BIN</c>, else the Floe.Cli output of the same configuration.</summary>
internal static class FloeBinary
{
    public static string Path { get; } = Locate();

    /// <summary>The repository's root folder (where README.md and examples/ are), found from the test's output folder.</summary>
    public static string RepositoryRoot { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar))
        .Parent!.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>Runs the real <c>floe</c> with <paramref name="arguments"/> and extra environment variables.</summary>
    public static Task<Tool.Run> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        Tool.RunAsync("dotnet", [Path, .. arguments], environment, stdin: null);

    /// <summary>
    /// Runs the real <c>floe</c> with a config file of the test's and <paramref name="docker"/>'s daemon and
    /// config, so that <c>floe spcs image-registry login</c> logs that docker client in.
    /// </summary>
    public static Task<Tool.Run> RunWithDockerAsync(DockerClient docker, string configFile, params string[] arguments) =>
        RunWithDockerAsync(docker, configFile, stdin: null, arguments);

    /// <summary>As <see cref="RunWithDockerAsync(DockerClient, string, string[])"/>, with <paramref name="stdin"/> typed in (a password asked for).</summary>
    public static Task<Tool.Run> RunWithDockerAsync(DockerClient docker, string configFile, string? stdin, params string[] arguments) =>
        Tool.RunAsync("dotnet", [Path, .. arguments], new Dictionary<string, string>(docker.Environment) { ["FLOE_CONFIG_FILE"] = configFile }, stdin);

    private static string Locate()
    {
        string? configured = Environment.GetEnvironmentVariable("FLOE_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        // tests/Floe.Clients.Tests/bin/<Configuration>/<tfm>/ → src/Floe.Cli/bin/<Configuration>/<tfm>/floe.dll
        DirectoryInfo output = new(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent!.Name;
        DirectoryInfo repositoryRoot = output.Parent!.Parent!.Parent!.Parent!.Parent!;
        string candidate = System.IO.Path.Combine(repositoryRoot.FullName, "src", "Floe.Cli", "bin", configuration, framework, "floe.dll");
        return File.Exists(candidate)
            ? candidate
            : throw new FileNotFoundException($"floe.dll not found at {candidate}; build src/Floe.Cli or set FLOE_BIN");
    }
}
