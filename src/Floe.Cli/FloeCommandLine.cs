using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Floe.Cli.Commands;

namespace Floe.Cli;

/// <summary>
/// The <c>floe</c> command tree and how it is invoked. Program.cs and the tests go through
/// <see cref="InvokeAsync"/>, so both see the same commands and the same exit codes — including 2 for a
/// command line that does not parse (System.CommandLine's own default is 1, which is kept for errors).
/// A command group named alone (<c>floe</c>, <c>floe spcs</c>) prints its help and exits 0, as the
/// Snowflake CLI and docker do; a mistyped command or option is named with the closest valid one.
/// </summary>
internal static class FloeCommandLine
{
    public const string ExecutableName = "floe";

    public static RootCommand CreateRoot(CliEnvironment environment)
    {
        RootCommand root = new("Floe: a self-hosted OCI container image registry with a Snowflake-style control plane.");
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(FsckCommand.Create());
        root.Subcommands.Add(GcCommand.Create());
        root.Subcommands.Add(MetadataCommand.Create());
        root.Subcommands.Add(SqlCommand.Create(environment));
        root.Subcommands.Add(SpcsCommand.Create(environment));
        root.Subcommands.Add(ConnectionCommand.Create(environment));
        ShowHelpForBareGroups(root);
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
        // Usage errors go to standard error only, suggestions included; the full help is one --help away.
        parseError.ShowHelp = false;
        parseError.ShowTypoCorrections = false;
        await result.InvokeAsync(configuration, cancellationToken);
        foreach (string suggestion in Suggestions.For(result))
        {
            configuration.Error.WriteLine(suggestion);
        }
        configuration.Error.WriteLine($"Run '{CommandPath(result.CommandResult)} --help' for usage.");
        return ExitCodes.Usage;
    }

    /// <summary>Gives every command that only groups subcommands an action: print its help.</summary>
    private static void ShowHelpForBareGroups(Command command)
    {
        foreach (Command subcommand in command.Subcommands)
        {
            ShowHelpForBareGroups(subcommand);
        }
        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            command.SetAction(result =>
            {
                new HelpAction().Invoke(result);
                return ExitCodes.Success;
            });
        }
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
