using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Floe.Cli.Commands;

namespace Floe.Cli;

/// <summary>
/// The <c>floe</c> command tree and how it is invoked. Program.cs and the tests go through
/// <see cref="InvokeAsync"/>, so both see the same commands and the same exit codes — including 2 for a
/// command line that does not parse (System.CommandLine's own default is 1, which §7 keeps for errors).
/// </summary>
internal static class FloeCommandLine
{
    public const string ExecutableName = "floe";

    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        RootCommand root = new("Floe: a self-hosted OCI container image registry with a Snowflake-style control plane.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SqlCommand.Create(environment));
        root.Subcommands.Add(SpcsCommand.Create(environment));
        root.Subcommands.Add(ConnectionCommand.Create(environment));
        return root;
    }

    public static async Task<int> InvokeAsync(
        IReadOnlyList<string> args, CliEnvironment environment, InvocationConfiguration? configuration = null,
        CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        ParseResult result = CreateRoot(environment).Parse(args);
        if (result.Action is not ParseErrorAction parseError)
        {
            return await result.InvokeAsync(configuration, cancellationToken);
        }
        // Usage errors go to standard error only; the full help is one --help away.
        parseError.ShowHelp = false;
        await result.InvokeAsync(configuration, cancellationToken);
        configuration.Error.WriteLine($"Run '{CommandPath(result.CommandResult)} --help' for usage.");
        return ExitCodes.Usage;
    }

    private static string CommandPath(CommandResult command)
    {
        List<string> names = [];
        for (SymbolResult? current = command; current is CommandResult result; current = result.Parent)
        {
            names.Insert(0, result.Parent is null ? ExecutableName : result.Command.Name);
        }
        return string.Join(' ', names);
    }
}
