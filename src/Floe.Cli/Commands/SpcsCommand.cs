using System.CommandLine;

namespace Floe.Cli.Commands;

/// <summary><c>floe spcs</c>: the Snowpark Container Services-style registry commands.</summary>
internal static class SpcsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        Command command = new("spcs", "Image registry and image repository commands.");
        command.Subcommands.Add(ImageRegistryCommand.Create(environment));
        command.Subcommands.Add(ImageRepositoryCommand.Create(environment));
        return command;
    }
}
