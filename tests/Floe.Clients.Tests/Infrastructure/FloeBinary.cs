namespace Floe.Clients.Tests.Infrastructure;

/// <summary>Finds the built <c>floe</c> executable: <c>FLOE_BIN</c>, else the Floe.Cli output of the same configuration.</summary>
internal static class FloeBinary
{
    public static string Path { get; } = Locate();

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
