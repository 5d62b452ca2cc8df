namespace Floe.Cli.Tests.Infrastructure;

/// <summary>Builds <see cref="CliEnvironment"/>s that never read the real home directory or process environment.</summary>
internal static class TestEnvironments
{
    public static CliEnvironment Create(
        string homeDirectory,
        IReadOnlyDictionary<string, string>? variables = null,
        HttpMessageHandler? handler = null,
        string? standardInput = null) => new()
        {
            Variables = variables ?? new Dictionary<string, string>(),
            HomeDirectory = homeDirectory,
            Input = new StringReader(standardInput ?? ""),
            IsInputRedirected = standardInput is not null,
            CreateHttpHandler = handler is null ? null : () => handler,
        };
}
