using System.CommandLine;

namespace Floe.Cli.Tests.Commands;

/// <summary>What one invocation of the <c>floe</c> command line printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(CliEnvironment environment, params string[] args)
    {
        using StringWriter output = new() { NewLine = "\n" };
        using StringWriter error = new() { NewLine = "\n" };
        InvocationConfiguration configuration = new() { Output = output, Error = error };
        int exitCode = await FloeCommandLine.InvokeAsync(args, environment, configuration);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}
